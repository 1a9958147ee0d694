"""Settings, database connections and secret redaction shared by every plane."""
