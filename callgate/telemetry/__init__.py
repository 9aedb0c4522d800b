"""Telemetry: the Prometheus metrics the faces increment, and how they are rendered."""
