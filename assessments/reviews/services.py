"""Writes of the reviews room."""
