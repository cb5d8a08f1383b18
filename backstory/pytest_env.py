"""Loaded first by pytest (`-p backstory.pytest_env`): a throw-away data directory.

Settings read BACKSTORY_HOME when they are imported, which pytest-django does before any
conftest runs; this plugin is imported earlier still, so tests never touch a user's real
data directory or secret key.
"""

import os
import tempfile

os.environ.setdefault("BACKSTORY_HOME", tempfile.mkdtemp(prefix="backstory-test-"))
