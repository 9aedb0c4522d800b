"""Alerts to the owner: e-mail and chat messages about what needs a person."""
