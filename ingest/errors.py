"""The project's one error hierarchy.

Every error a user can meet says what went wrong and how to fix it; callers catch ``NQ57Error``.
"""

from __future__ import annotations


class NQ57Error(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(NQ57Error):
    """A setting is missing or malformed."""


class CorpusError(NQ57Error):
    """A corpus file or the manifest cannot be read or parsed.

    Carries the file, line and reason so the message points at the text to fix.
    """

    def __init__(self, reason: str, *, file: str | None = None, line: int | None = None) -> None:
        self.reason = reason
        self.file = file
        self.line = line
        where = ""
        if file:
            where = f"{file}:{line}: " if line else f"{file}: "
        super().__init__(f"{where}{reason}")


class AgencyResolutionError(CorpusError):
    """An agency string in the task or indicator table does not resolve fully through the gazetteer."""


class IndexStateError(NQ57Error):
    """The search index is missing, stale, or being built."""


class IndexMissingError(IndexStateError):
    pass


class IndexMismatchError(IndexStateError):
    pass


class IndexBusyError(IndexStateError):
    pass


class QuestionError(NQ57Error):
    """The question cannot be processed (empty, too long, not text)."""


class LLMError(NQ57Error):
    """The optional language model failed or timed out."""


class FeedbackError(NQ57Error):
    """A feedback record is malformed (bad rating) or cannot be written."""


class EvalError(NQ57Error):
    """A gold-case file or an eval baseline is malformed, or the eval cannot run."""


class BadInput(NQ57Error):
    """An argument of the public API (question, history, as_of) or a batch line has the wrong type or shape.

    ``field`` names the argument (or batch-line field) at fault, so a caller can point at it.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)
class IntegrityError(IndexStateError):
    """A built artefact (knowledge-base file or search-index file) is damaged: it fails its checksum,
    is missing, or cannot be read. Names the artefact and the command that rebuilds it."""

    def __init__(self, reason: str, *, artefact: str) -> None:
        self.reason = reason
        self.artefact = artefact
        super().__init__(f"{artefact}: {reason}. Run `nq57 ingest` to rebuild it.")
