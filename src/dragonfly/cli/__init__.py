"""The `dragonfly` command: each subcommand module is a thin shell over a service function."""
