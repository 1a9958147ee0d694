"""The JSON API: HTTP only. The app, its dependencies, schemas, error mapping and routes; every
operation it offers is a call into dragonfly.services, ingest or valuation."""

from dragonfly.api.app import create_app

__all__ = ["create_app"]
