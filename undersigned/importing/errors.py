"""The one exception the importing app raises for a file a person gave us.

Its message is written for the coordinator who uploaded the file (it ends up on a web
page or in a management command's output), so it says what is wrong and what to do,
never a stack trace or a codec name alone."""


class ImportProblem(Exception):
    """A file cannot be imported; ``str(exc)`` is a user-readable explanation."""

    def __init__(self, message: str, *, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}

    def __str__(self) -> str:
        return self.message


MAX_BYTES = 50 * 1024 * 1024  # larger uploads are refused before being read
