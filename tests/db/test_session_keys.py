"""A closed session's id that WCS hands out again: the new call goes ahead, the old one is kept."""

from __future__ import annotations

from sqlalchemy import func, select

from callgate.db import get_db
from callgate.db.models import AuditEvent, Call, CallEvent, WcsSession
from callgate.db.session_keys import retired_key
from tests.data import ORIGIN
from tests.wcs import session_id


def _jti(app, sid: str) -> str:
    with app.app_context():
        return get_db().get(WcsSession, sid).jti


def _one_call(wcs, get_token, button, sid: str) -> dict:
    """Connect `sid` with a fresh token, place a call, end it and close the session."""
    body = wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid)
    assert wcs.post("connect", body).status_code == 200
    call = wcs.call_body(sid)
    assert wcs.post("call", call).status_code == 200
    assert wcs.call_status(call, "ESTABLISHED").status_code == 200
    assert wcs.call_status(call, "FINISH").status_code == 200
    assert wcs.post("ConnectionStatusEvent", wcs.event_body(sid, "DISCONNECTED")).status_code == 200
    return call


def test_a_closed_sessions_id_used_again_gets_its_call_and_keeps_the_old_one(
    app, button, wcs, get_token
):
    sid = session_id(port=50476)
    first = _one_call(wcs, get_token, button, sid)
    old_jti = _jti(app, sid)
    second = _one_call(wcs, get_token, button, sid)
    assert _jti(app, sid) != old_jti
    with app.app_context():
        db = get_db()
        old = db.get(WcsSession, f"{sid}~{old_jti}")
        assert old is not None and old.jti == old_jti and old.closed_at is not None
        calls = dict(db.execute(select(Call.call_id, Call.session_id)).all())
        assert calls == {first["callId"]: old.session_id, second["callId"]: sid}
        for call, key in ((first, old.session_id), (second, sid)):
            events = select(func.count()).where(CallEvent.call_id == call["callId"])
            moved = events.where(CallEvent.session_id == key)
            assert db.scalar(events) == db.scalar(moved) > 0
        audit = select(AuditEvent.session_id).where(AuditEvent.action == "connect")
        assert sorted(db.scalars(audit)) == sorted([sid, old.session_id])


def test_an_open_sessions_id_with_another_token_is_still_refused(app, button, wcs, get_token):
    sid = session_id()
    assert (
        wcs.post(
            "connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid)
        ).status_code
        == 200
    )
    again = wcs.post("connect", wcs.connect_body(get_token(button.id)["token"], ORIGIN, sid))
    assert again.status_code == 403 and again.get_json()["reason"] == "token already used"


def test_a_used_token_on_a_closed_sessions_id_is_refused_and_moves_nothing(
    app, button, wcs, get_token
):
    sid, elsewhere = session_id(), session_id()
    _one_call(wcs, get_token, button, sid)
    token = get_token(button.id)["token"]
    assert wcs.post("connect", wcs.connect_body(token, ORIGIN, elsewhere)).status_code == 200
    before = _jti(app, sid)
    again = wcs.post("connect", wcs.connect_body(token, ORIGIN, sid))
    assert again.status_code == 403 and again.get_json()["reason"] == "token already used"
    with app.app_context():
        db = get_db()
        assert db.get(WcsSession, sid).jti == before
        assert db.scalar(select(func.count()).where(WcsSession.session_id.like("%~%"))) == 0


def test_a_retired_key_fits_its_column_and_ends_with_the_jti():
    session = WcsSession(session_id="/" + "9" * 199, jti="j" * 22)
    key = retired_key(session)
    assert len(key) == 200 and key.endswith("~" + "j" * 22)
