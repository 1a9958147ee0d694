"""The domain plane: pure New York judgment-enforcement rules. No I/O beyond packaged TOML files."""
