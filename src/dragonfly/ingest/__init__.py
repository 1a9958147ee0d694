"""The import pipeline: vendor and court files in, judgments out, nothing lost or doubled."""

from dragonfly.ingest.batches import BatchSummary, list_batches, list_rejects
from dragonfly.ingest.detection import SourceNotDetected
from dragonfly.ingest.files import FileRefused
from dragonfly.ingest.pipeline import (
    ImportRefused,
    ImportResult,
    LoadPath,
    NotApplied,
    import_file,
)
from dragonfly.ingest.specs import SourceSpec, get_spec, load_specs

__all__ = [
    "BatchSummary",
    "FileRefused",
    "ImportRefused",
    "ImportResult",
    "LoadPath",
    "NotApplied",
    "SourceNotDetected",
    "SourceSpec",
    "get_spec",
    "import_file",
    "list_batches",
    "list_rejects",
    "load_specs",
]
