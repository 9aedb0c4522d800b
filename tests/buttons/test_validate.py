"""A button's fields checked before they are stored: every bad origin of a list is reported."""

from __future__ import annotations

import pytest

from callgate.buttons.origins import OriginError
from callgate.buttons.validate import ButtonError, origins

BAD = ["ftp://shop.example.com", "https://b.example.com/path", "shop example", "https://*.com"]


def test_every_bad_origin_of_a_list_is_reported_at_once():
    with pytest.raises(ButtonError) as raised:
        origins(["https://ok.example.com", *BAD])
    assert raised.value.code == "bad_origins"
    problems = raised.value.details["problems"]
    assert [p.code for p in problems] == [
        "origin_scheme",
        "origin_path",
        "origin_scheme",
        "wildcard_short",
    ]
    assert all(value in raised.value.message for value in BAD[:3])


def test_one_bad_origin_is_reported_as_itself():
    with pytest.raises(OriginError) as raised:
        origins(["https://ok.example.com", BAD[0]])
    assert raised.value.code == "origin_scheme"


def test_good_origins_are_normalized_once_each():
    assert origins(["https://A.example.com:443", "https://a.example.com"]) == [
        "https://a.example.com"
    ]
