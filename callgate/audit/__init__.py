"""The audit trail: every security decision Callgate makes, with its reason."""
