class ApplicationError(Exception):
    """A domain rule said no. `message` is already translated and safe to show to the user."""

    def __init__(self, message: str, *, code: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}
