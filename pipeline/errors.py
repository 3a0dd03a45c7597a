"""One hierarchy of errors, each with a message a clerk can act on."""


class VanbanError(Exception):
    """Base class: `str(error)` is a sentence for the user; `detail` is for the log."""

    def __init__(self, message: str, detail: str | None = None):
        super().__init__(message)
        self.detail = detail


class UnsupportedFormat(VanbanError):
    """The file is not a format vanban reads (or not the one its name claims)."""


class UnreadableDocument(VanbanError):
    """The file is of a known format but cannot be read: corrupt, encrypted, empty, truncated."""


class LimitExceeded(VanbanError):
    """The file exceeds a configured limit (size, pages, uncompressed size, time)."""
