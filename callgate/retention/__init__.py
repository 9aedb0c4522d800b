"""Keeping visitors' data no longer than needed: retention periods, the sweep, and erasure."""
