"""An audit row's values: only the fields it may name, each cut to its column."""

from __future__ import annotations

import pytest

from callgate.audit.rows import values
from callgate.db.models import AuditEvent


def test_each_field_is_cut_to_its_column_and_details_are_kept():
    longest = AuditEvent.__table__.c.reason.type.length
    row = values("token", "refused", "r" * (longest + 50), {"button_id": "b"}, {"say": {}})
    assert len(row["reason"]) <= longest and row["button_id"] == "b"
    assert row["details"] == {"say": {}} and row["action"] == "token"


def test_a_row_without_details_has_none_to_write():
    assert "details" not in values("token", "allowed", None, {})


def test_an_unknown_field_is_a_mistake():
    with pytest.raises(AssertionError, match="not audit fields"):
        values("token", "allowed", None, {"password": "x"})
