"""Who may reach the questionnaires room."""
