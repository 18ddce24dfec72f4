"""Domain errors. Services raise these with a translated message; views and the API show it."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule of the domain refused the action. ``message`` is already translated (Vietnamese)."""

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ConcurrentEditError(ApplicationError):
    """Someone else saved the record after the form was opened (version column mismatch)."""


class ImportRejected(ApplicationError):
    """A file could not be imported; ``extra['errors']`` lists every row error."""
