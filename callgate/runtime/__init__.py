"""How the app runs: its logs and request ids, and the production server."""
