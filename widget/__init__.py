"""What the embedded button talks to: its script, the SDK, its config and call tokens."""

from widget import asset_routes as _assets  # noqa: F401 - registers /widget.js and /sdk/...
from widget import public as _public  # noqa: F401 - registers GET /api/v1/buttons/<id>
from widget.routes import bp

__all__ = ["bp"]
