"""Reads of the firms room."""
