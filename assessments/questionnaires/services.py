"""Writes of the questionnaires room."""
