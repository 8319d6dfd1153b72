"""csf's own directories are where platformdirs puts them, and its digests are hashlib's, without importing either."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from csf.dirs import user_dir


@pytest.mark.skipif(sys.platform != "linux", reason="elsewhere platformdirs itself decides")
@pytest.mark.parametrize("kind", ["data", "cache", "state"])
@pytest.mark.parametrize("setting", [None, "", "  ", "/srv/xdg"])
def test_the_directory_is_the_one_platformdirs_gives(kind, setting, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    variable = f"XDG_{kind.upper()}_HOME"
    if setting is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, setting)
    expected = getattr(platformdirs, f"user_{kind}_path")("csf", appauthor=False)
    assert user_dir(kind) == expected


def test_the_digest_is_hashlibs_sha256():
    import hashlib

    from csf.digest import hexdigest

    for data in (b"", b"csf", "Lambeth · 2009–10".encode("utf-8"), bytes(range(256)) * 1000):
        assert hexdigest(data) == hashlib.sha256(data).hexdigest()
