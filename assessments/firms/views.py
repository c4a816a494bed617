"""Pages of the firms room."""
