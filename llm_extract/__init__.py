"""llm-extract: structured, source-checked records from Chinese Party inspection notices."""

from .api import Backend, BackendError, RulesBackend
from .inputs import Document, InputError, read_inputs
from .library import extract, extract_many
from .models import Evidence, Mailbox, Notice, Phone, Team

__all__ = [
    "Backend", "BackendError", "Document", "Evidence", "InputError", "Mailbox", "Notice", "Phone",
    "RulesBackend", "Team", "extract", "extract_many", "read_inputs",
]
