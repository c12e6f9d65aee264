"""The strategy knowledge base: the strategy text, parsed into cited sections, and retrieval over it."""
