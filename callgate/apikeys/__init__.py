"""Workspace API keys: scopes, expiry, hash-only storage, and who may make which."""
