"""A row's reason code and values are kept apart from its English words."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from callgate.audit import trail
from callgate.audit.changes import record_change
from callgate.audit.say import SAY, coded, said
from callgate.db import get_db
from callgate.db.models import AuditEvent


def test_said_holds_the_code_and_its_values():
    assert said("rate_limited", kind="ip") == {
        SAY: {"code": "rate_limited", "params": {"kind": "ip"}}
    }
    assert said("closed") == {"say": {"code": "closed", "params": {}}}


def test_the_trail_still_offers_what_others_import_from_it():
    assert trail.said is said and trail.SAY == SAY
    for name in ("add", "record", "record_repeated", "list_events", "MAX_SOURCES", "OTHERS"):
        assert hasattr(trail, name), name


@pytest.mark.parametrize(
    "details",
    [{}, {"say": None}, {"say": {"params": {}}}, {"say": {"code": 7, "params": {}}},
     {"say": {"code": "button_changed"}}, {"changes": {"callee": ["1", "2"]}}],
)  # fmt: skip
def test_a_reason_without_its_code_or_values_is_refused(details):
    with pytest.raises(ValueError, match="an audit reason without its"):
        coded(details)


def test_a_change_is_written_only_with_its_code(app):
    with app.app_context():
        with pytest.raises(ValueError):
            record_change(get_db(), "button.update", "cli", {"x": [1, 2]}, "changed x", {})
        assert get_db().scalar(select(func.count()).select_from(AuditEvent)) == 0
    assert coded(said("button_changed")) == said("button_changed")
