"""Outbound webhooks: where events may be sent (no SSRF), how they are signed and delivered."""
