"""Callgate: a safe click-to-call button for websites, beside WCS."""
