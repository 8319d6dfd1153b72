"""Shared fixtures: where the repository and the source documents are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Generated validators and compiled templates go to a cache of this run's own, for
    this process and the CLI processes tests start, so no run depends on an earlier one."""
    os.environ["CSF_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


def _sources_dir() -> Path | None:
    """The source extractions live beside the checkout, not inside it."""
    candidates = [os.environ.get("CSF_SOURCES"), REPO.parent / "shared" / "sources", Path("/work/shared/sources")]
    for candidate in candidates:
        if candidate and (Path(candidate) / "README.md").is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def sources() -> Path:
    """Directory of the source text extractions; set CSF_SOURCES to point elsewhere."""
    found = _sources_dir()
    if found is None:
        pytest.fail("source documents not found: set CSF_SOURCES to the directory holding 000_….txt")
    return found


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory, monkeypatch) -> Path:
    """Each test installs frameworks into its own data directory, never the user's."""
    path = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("CSF_DATA_DIR", str(path))
    return path
