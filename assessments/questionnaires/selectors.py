"""Reads of the questionnaires room."""
