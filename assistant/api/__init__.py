"""HTTP edge: FastAPI app serving the API, the widget and the console."""

from assistant.api.app import create_app

__all__ = ["create_app"]
