"""The analyst's workbench: a FastAPI app (JSON API + the built front-end) over one store."""

from frontwire.serve.app import create_app

__all__ = ["create_app"]
