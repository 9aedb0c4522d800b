"""The refusals of routes and call context, each with its own code for the faces to word."""

from __future__ import annotations

from callgate.errors import InvalidInput, NotFound, Refused


class RouteError(InvalidInput):
    """A route's field has a value that cannot be stored."""

    code = "invalid_route"
    codes = ("bad_ring_time", "bad_overflow", "bad_setting", "unknown_route_fields")


class RouteMissing(NotFound):
    """The owner named a route the button does not have."""

    code = "route_not_found"


class RouteRefused(Refused):
    """The page asked for a route it may not use: unknown, of another button, or closed."""

    code = "route_refused"
    codes = ("unknown_route", "route_of_another_button", "route_closed", "no_open_route")


class ContextError(InvalidInput):
    """The token request's context (name, page) cannot be used."""

    code = "invalid_context"
    codes = ("name_required", "bad_name", "bad_page")


class OverflowRefused(Refused):
    """The page asked for an overflow its attempt may not have."""

    code = "overflow_refused"
    codes = (
        "no_overflow",
        "overflow_not_placed",
        "overflow_answered",
        "overflow_used",
        "overflow_closed",
    )
