"""The REST API (``/api/v1/``): the same organisations, rounds and results as the pages, for
people's own scripts and tools, with the same access rules as the pages."""
