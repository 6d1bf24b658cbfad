"""The application around `events`: reading timeline files, rendering, the feeds, the CLI."""

__version__ = "0.1.0"
"""The one place the version is written: packaging reads it from here, and the answer cache
keys on it without importing `importlib.metadata`."""
