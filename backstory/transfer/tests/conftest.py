"""Helpers for the transfer tests: our own fixture files, and the shared real-world files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parents[3]
# Beside the repository; a checkout elsewhere (a git worktree) names the folder instead.
REAL = Path(os.environ.get("BACKSTORY_REAL_FIXTURES")
            or REPO_ROOT.parent / "shared" / "fixtures" / "real")


def fixture(name: str) -> Path:
    return FIXTURES / name


def real(relative: str) -> Path:
    """A file from ../shared/fixtures/real; the test skips when that folder is absent."""
    if not REAL.is_dir():
        pytest.skip(f"the real-world sample files are not here ({REAL} is missing); they "
                    "live beside the repository in CI, not in a fresh clone")
    path = REAL / relative
    assert path.exists(), f"{relative} is missing from {REAL}"
    return path


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _inline_jobs(settings, tmp_path):
    """Background jobs run at once in the test's own thread (django-tasks' immediate
    backend; test_background_jobs.py uses the real database backend and worker); uploads
    go to a temp folder."""
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"
