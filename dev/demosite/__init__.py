"""A demo "customer site" on its own origin, whose page carries the one-tag Callgate snippet."""
