"""csf's model classes are the dataclasses `dataclass(frozen=True)` makes, whether their
methods' code was compiled now or read back from the cache."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys

import pytest

from csf import frozen as frozen_module
from csf.assessment import Answer, Evidence
from csf.errors import Problem
from csf.framework import Item
from csf.frozen import frozen


def _twins():
    """The same class made twice: by `frozen` and by `dataclass(frozen=True)`."""
    def body():
        class Entry:
            """An entry."""

            name: str
            count: int = 0
            tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)
            note: str | None = None

        return Entry

    return frozen(body()), dataclasses.dataclass(frozen=True)(body())


def test_a_frozen_class_behaves_as_the_dataclass_would():
    ours, theirs = _twins()
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))
    assert ours.__init__.__annotations__ == theirs.__init__.__annotations__
    a, b = ours("x", 2, ("t",)), theirs("x", 2, ("t",))
    assert repr(a).replace(ours.__qualname__, "C") == repr(b).replace(theirs.__qualname__, "C")
    assert a == ours("x", 2, ("t",)) and a != ours("x", 3) and hash(a) == hash(ours("x", 2, ("t",)))
    assert ours("y").tags == () and ours("y").tags is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.count = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        del a.name
    assert dataclasses.replace(a, count=5).count == 5
    assert not hasattr(dataclasses, "exec")  # dataclasses is left as it was


@pytest.mark.parametrize("cls", [Answer, Evidence, Problem, Item])
def test_csfs_model_classes_are_frozen_dataclasses(cls):
    assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen and cls.__dataclass_params__.eq


def test_a_second_process_compiles_nothing_and_a_damaged_cache_compiles_again(tmp_path):
    env_code = "import csf.frozen, csf.report, csf.store; print(csf.frozen._codes.compiled)"
    env = {"CSF_CACHE_DIR": str(tmp_path), "PATH": "", "PYTHONDONTWRITEBYTECODE": "1"}

    def compiled() -> int:
        return int(subprocess.run([sys.executable, "-c", env_code], env=env, check=True, capture_output=True, text=True).stdout)

    first = compiled()
    assert first > 100  # every method of forty-odd classes
    assert compiled() == 0
    (entry,) = (tmp_path / "dataclasses").iterdir()
    entry.write_bytes(entry.read_bytes()[:1000])
    assert compiled() == first


def test_an_unwritable_cache_still_makes_the_classes(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("CSF_CACHE_DIR", str(blocked))
    ours, _ = _twins()
    frozen_module._codes.save()
    assert ours("z").name == "z"


def test_a_cache_entry_anyone_else_could_have_written_is_not_run(tmp_path, monkeypatch):
    """Compiled code is read back only from a file this user owns and no one else may write."""
    import os

    from csf import cache

    entry = tmp_path / "entry.marshal"
    cache.dump(entry, compile("x = 1", "<string>", "exec"))
    assert entry.stat().st_mode & 0o777 == 0o600 and cache.load(entry) is not None
    entry.chmod(0o622)
    assert cache.load(entry) is None
    entry.chmod(0o600)
    monkeypatch.setattr(os, "getuid", lambda: entry.stat().st_uid + 1)
    assert cache.load(entry) is None


def test_a_cache_entry_changed_by_one_bit_is_not_used(tmp_path):
    """A flipped bit that marshal would read without complaint is caught by the checksum."""
    from csf import cache

    entry = tmp_path / "entry.marshal"
    cache.dump(entry, {"source": "hello"})
    assert cache.load(entry) == {"source": "hello"}
    data = bytearray(entry.read_bytes())
    data[data.index(b"hello")] ^= 1
    entry.write_bytes(bytes(data))
    assert cache.load(entry) is None
