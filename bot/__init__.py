"""Utblick: the conversation core, configuration, language understanding and platform adapters."""

__version__ = "0.1.0"
