"""The migration engine: Supabase-named SQL files, one ledger, checksums, a lock, lint."""

from dragonfly.migrate.runner import apply_migrations

__all__ = ["apply_migrations"]
