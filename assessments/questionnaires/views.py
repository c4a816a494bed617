"""Pages of the questionnaires room."""
