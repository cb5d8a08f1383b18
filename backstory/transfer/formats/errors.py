"""The one error a file reader raises (its own module, so that the readers and the
import limits can both use it without importing each other)."""

from __future__ import annotations


class FileError(Exception):
    """The file cannot be read at all; ``message`` says why, in the user's words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
