"""The JSON API (FastAPI) and the accounts behind it."""

from dragonfly.api.app import create_app

__all__ = ["create_app"]
