"""llm-extract: structured, source-checked records from Chinese Party inspection notices."""

from .backend import Backend, BackendError
from .library import extract, extract_many
from .models import Evidence, Mailbox, Notice, Phone, Team
from .reading.rules import RulesBackend
from .runs.inputs import Document, InputError, read_inputs

__all__ = [
    "Backend", "BackendError", "Document", "Evidence", "InputError", "Mailbox", "Notice", "Phone",
    "RulesBackend", "Team", "extract", "extract_many", "read_inputs",
]
