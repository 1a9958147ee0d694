"""One settings object, read from the environment and `.env`. No other module reads os.environ."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# A share of rows, 0 to 1.
RejectRate = Annotated[float, Field(ge=0, le=1)]


class Settings(BaseSettings):
    """Every setting Dragonfly reads. Names are the environment variables, upper-cased."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: SecretStr | None = Field(
        default=None,
        description="PostgreSQL URL. When unset, Dragonfly starts its embedded server.",
    )
    dragonfly_migration_database_url: SecretStr | None = Field(
        default=None,
        description="PostgreSQL URL of the role that owns the schema and applies migrations. "
        "Defaults to DATABASE_URL (one role for both, as before).",
    )
    dragonfly_home: Path = Field(
        default=Path(".dragonfly"),
        description="Folder for the embedded database and local state.",
    )
    dragonfly_env: str = Field(
        default="development", description="development | test | production."
    )
    dragonfly_secret_key: SecretStr | None = Field(
        default=None,
        description="Signs session cookies. Required in production; generated per home otherwise.",
    )
    dragonfly_rules: Path | None = Field(
        default=None, description="A firm's own rules table (TOML), replacing the shipped one."
    )
    dragonfly_paper_templates: Path | None = Field(
        default=None,
        description="A folder of the firm's own paper templates (.typ); a file there replaces "
        "the shipped file of the same name (docs/PAPERS.md).",
    )
    dragonfly_today: date | None = Field(
        default=None,
        description="Pins the business date (YYYY-MM-DD) for tests and demonstrations. "
        "Leave unset in production: today is then the date in New York.",
    )
    dragonfly_consumer_creditors: Path | None = Field(
        default=None,
        description="A firm's own list of consumer creditors (TOML, `names = [...]`) for the "
        "likely-consumer review; the shipped list otherwise.",
    )
    dragonfly_sources_dir: Path | None = Field(
        default=None, description="Folder of extra import source specs (TOML)."
    )
    dragonfly_import_max_bytes: int = Field(
        default=2 * 1024**3, description="Largest import file accepted, in bytes (also unpacked)."
    )
    dragonfly_import_max_unpacked_bytes: int = Field(
        default=512 * 1024**2,
        description="Most bytes a gzip file may unpack to, or an XLSX workbook may hold inside.",
    )
    dragonfly_import_max_unpack_ratio: int = Field(
        default=100,
        description="Most times a gzip or XLSX import may unpack beyond its packed size "
        "(checked once past 32 MiB unpacked).",
    )
    dragonfly_import_max_columns: int = Field(
        default=200, description="Most columns an import file's header row may have."
    )
    dragonfly_import_max_header_bytes: int = Field(
        default=16 * 1024, description="Longest header row (first line) of a CSV/TSV import."
    )
    dragonfly_import_max_line_bytes: int = Field(
        default=64 * 1024, description="Longest line of a CSV/TSV import, in bytes."
    )
    dragonfly_import_max_cells: int = Field(
        default=60_000_000,
        description="Most cells (data rows x columns, over every sheet) in one import file.",
    )
    dragonfly_import_max_reject_rate: float = Field(
        default=0.10,
        ge=0,
        le=1,
        description="Share of a file's rows that may be rejected before the whole file is "
        "refused (0.10 = 10%), for sources without a limit of their own.",
    )
    dragonfly_import_reject_limits: dict[str, RejectRate] = Field(
        default_factory=dict,
        description='Reject limits per source, as JSON: {"court": 0.25, "jbi": 0.05}; a source '
        "not named uses DRAGONFLY_IMPORT_MAX_REJECT_RATE.",
    )
    dragonfly_request_max_bytes: int = Field(
        default=1_000_000,
        description="Largest request body accepted by any route but the upload, in bytes (413).",
    )
    dragonfly_api_statement_timeout: float = Field(
        default=15.0, description="Seconds one API query may run before it is cancelled."
    )
    dragonfly_export_statement_timeout: float = Field(
        default=120.0, description="Seconds one CSV export query (or fetch) may run."
    )
    dragonfly_export_connections: int = Field(
        default=3,
        description="Database connections kept for CSV exports, apart from the API's pool; "
        "an export beyond them answers 429.",
    )
    dragonfly_exports_per_user: int = Field(
        default=2, description="CSV exports one user may stream at the same time (429 beyond)."
    )
    dragonfly_trusted_proxies: str = Field(
        default="",
        description="Comma-separated proxy addresses whose X-Forwarded-For is believed "
        "(e.g. 10.0.0.5); empty trusts none, `*` trusts any.",
    )
    dragonfly_hsts_seconds: int = Field(
        default=31_536_000,
        description="Strict-Transport-Security max-age sent over HTTPS and in production "
        "(0 sends none).",
    )
    dragonfly_migrations_dir: Path | None = Field(
        default=None, description="Folder of SQL migrations; defaults to supabase/migrations."
    )
    dragonfly_lock_timeout: str = Field(
        default="5s", description="lock_timeout used while applying migrations."
    )
    dragonfly_statement_timeout: str = Field(
        default="0", description="statement_timeout used while applying migrations (0 = none)."
    )
    dragonfly_migrate_lock_wait: float = Field(
        default=30.0, description="Seconds a migration run waits for another run's lock."
    )
    dragonfly_worker_stalled_after: float = Field(
        default=60.0,
        gt=0,
        description="Seconds without a heartbeat after which a job worker counts as dead: "
        "the jobs it left running are marked failed and queued again.",
    )
    dragonfly_worker_expected: bool = Field(
        default=False,
        description="This deployment runs a job worker: /readyz checks that one is alive even "
        "when no job is waiting.",
    )
    dragonfly_worker_missing_after: float = Field(
        default=120.0,
        ge=0,
        description="Seconds without any worker heartbeat after which /readyz answers 503, when a "
        "worker is expected or a job is waiting to start (0 turns the check off).",
    )
    dragonfly_dashboard_url: str = Field(
        default="http://localhost:8000",
        description="Address people open the dashboard at; the digest's links start with it.",
    )
    dragonfly_digest_time: str = Field(
        default="07:30",
        description="Time of day (HH:MM, America/New_York) after which the daily digest goes out.",
    )
    dragonfly_digest_lead_days: str = Field(
        default="30,7,1",
        description="Lead times of the digest in days, comma-separated (30,7,1): a deadline is "
        "listed under the smallest lead time it falls within; overdue ones come first.",
    )
    dragonfly_digest_discord_url: SecretStr | None = Field(
        default=None, description="Discord webhook URL for the digest (counts and money only)."
    )
    dragonfly_digest_webhook_url: SecretStr | None = Field(
        default=None, description="URL the digest is POSTed to as JSON (any webhook receiver)."
    )
    dragonfly_smtp_host: str | None = Field(
        default=None, description="SMTP server for the digest's emails; unset sends none."
    )
    dragonfly_smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP port.")
    dragonfly_smtp_security: str = Field(
        default="starttls",
        description="starttls (upgrade a plain connection, port 587) | ssl (TLS from the start, "
        "port 465) | none (a relay on this machine only).",
    )
    dragonfly_smtp_username: str | None = Field(
        default=None, description="SMTP user name; unset: no login."
    )
    dragonfly_smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    dragonfly_smtp_from: str | None = Field(
        default=None, description="From address of the digest's emails."
    )
    dragonfly_smtp_ca_file: Path | None = Field(
        default=None,
        description="PEM file of certificate authorities to trust for the SMTP server besides "
        "the system's (a firm's own relay).",
    )
    dragonfly_smtp_timeout: float = Field(
        default=30.0, gt=0, description="Seconds an SMTP connection may wait for the server."
    )
    dragonfly_calendar_debtor_names: bool = Field(
        default=False,
        description="Calendar feeds name the debtor in each event's title; off by default, as "
        "a subscribed calendar is kept by a third party (Outlook, Google).",
    )
    git_commit: str | None = Field(
        default=None,
        validation_alias=AliasChoices("GIT_COMMIT", "RAILWAY_GIT_COMMIT_SHA"),
        description="Commit this build was made from (Railway's own variable is read too).",
    )

    @field_validator(
        "database_url",
        "dragonfly_migration_database_url",
        "dragonfly_digest_discord_url",
        "dragonfly_digest_webhook_url",
        "dragonfly_smtp_password",
        mode="before",
    )
    @classmethod
    def _empty_url_means_unset(cls, value: object) -> object:
        # CI systems often export an unset secret as an empty string.
        return None if isinstance(value, str) and not value.strip() else value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
