"""errors.py: each kind's own code, a finer code only when the kind declares it, details kept."""

from __future__ import annotations

import pytest

from callgate.errors import (
    CallgateError,
    ConfigError,
    InvalidInput,
    NotFound,
    Refused,
    Unavailable,
)


class Example(Refused):
    """A refusal declaring two finer codes, as the core's kinds do."""

    code = "example"
    codes = ("example_used", "example_bound")


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        (CallgateError, "bad_request"),
        (InvalidInput, "bad_request"),
        (NotFound, "not_found"),
        (Refused, "forbidden"),
        (Unavailable, "unavailable"),
        (ConfigError, "config"),
        (Example, "example"),
    ],
)
def test_each_kind_has_its_own_code(kind: type[CallgateError], code: str) -> None:
    error = kind("said")
    assert (error.code, error.message, str(error)) == (code, "said", "said")
    assert isinstance(error, CallgateError)


def test_a_declared_finer_code_replaces_the_kind_s_on_that_error_only() -> None:
    error = Example("used", code="example_used")
    assert error.code == "example_used"
    assert Example("other").code == "example"


def test_a_code_the_kind_does_not_declare_is_a_programming_error() -> None:
    with pytest.raises(AssertionError, match="does not declare code 'made_up'"):
        Example("x", code="made_up")
    with pytest.raises(AssertionError):
        NotFound("x", code="example_used")


def test_the_button_and_the_details_are_kept_for_the_faces() -> None:
    error = InvalidInput("too long", button_id="b1", field="name", longest=80)
    assert error.button_id == "b1"
    assert error.details == {"field": "name", "longest": 80}
    assert (InvalidInput("x").button_id, InvalidInput("x").details) == (None, {})
