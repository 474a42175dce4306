"""Errors a user sees. Each names the input it concerns; messages say what to do where we know."""


class QuellenlageError(Exception):
    """Base class: an error with a message meant for a person, not a traceback."""


class IngestError(QuellenlageError):
    """An input that cannot become an Article (empty, binary, undecodable, too large, malformed)."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class ModelMissingError(QuellenlageError):
    """The bundled model is not installed; the package was built without its data files."""
