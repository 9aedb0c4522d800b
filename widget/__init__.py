"""What the embedded button talks to: the public API (call tokens)."""

from widget.routes import bp

__all__ = ["bp"]
