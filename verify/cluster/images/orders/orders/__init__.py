"""Orders stand-in app for the real-cluster tier (see ../../README.md): not a real product."""

__version__ = "1.4.2"
