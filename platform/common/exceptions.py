class ApplicationError(Exception):
    """A domain rule said no. `message` is already translated and safe to show to the user."""

    def __init__(self, message: str, *, code: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}


class StorageUnavailable(OSError):
    """The file storage refused a write (disk full, a path it cannot create, S3 down). An
    OSError, so code that handles OSError still does; the request that met it answers 503
    (common.middleware.UnavailableMiddleware) and its transaction rolls back."""
