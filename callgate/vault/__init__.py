"""Secrets: SIP passwords encrypted at rest, key rotation, and no secret in any log line."""
