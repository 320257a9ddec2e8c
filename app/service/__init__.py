"""Example FastAPI service deployed by the cdk8s-fastapi construct (ASGI app: ``service.main:app``)."""

__version__ = "1.0.0"
