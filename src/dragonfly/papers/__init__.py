"""Enforcement papers: templates filled from a judgment's facts, compiled to PDF, kept as records.

The plane sits above services (it reads judgments, debtor facts and actions through them and
records its papers with their audit) and below the interfaces (api, cli, jobs). docs/PAPERS.md.
"""

from dragonfly.papers.documents import PaperDocument, document_pdf, list_documents
from dragonfly.papers.make import make_paper
from dragonfly.papers.profile import FirmProfile, firm_profile, save_firm_profile

__all__ = [
    "FirmProfile",
    "PaperDocument",
    "document_pdf",
    "firm_profile",
    "list_documents",
    "make_paper",
    "save_firm_profile",
]
