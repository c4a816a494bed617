"""Writes of the firms room."""
