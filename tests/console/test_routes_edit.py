"""Editing a route in the console: the form comes filled with the route, a change keeps its id
(tokens already issued for it stay valid), empty fields clear, and a bad change changes nothing."""

from __future__ import annotations

import html

import pytest

from callgate.buttons.store import create_button
from callgate.db import get_db
from callgate.routes.store import add_route, list_routes
from tests.console.helpers import log_in, post
from tests.data import BUTTON


@pytest.fixture
def app(make_app):
    return make_app(CONSOLE_ARGON2_MEMORY_KIB=64, CONSOLE_ARGON2_TIME_COST=1)


@pytest.fixture
def routes(app, button) -> tuple[str, str]:
    """Sales, and Support with its own hours and ring time, overflowing to Sales."""
    with app.app_context():
        sales = add_route(get_db(), button.id, {"label": "Sales", "callee": "7002"})
        support = add_route(
            get_db(),
            button.id,
            {"label": "Support", "callee": "7003", "schedule": "mon-fri 09:00-18:00"}
            | {"ring_seconds": 20, "overflow_id": sales.id},
        )
        return sales.id, support.id


def stored(app, button_id: str) -> list[tuple]:
    with app.app_context():
        return [
            (
                r.id,
                r.label,
                r.label_ru,
                r.callee,
                r.schedule is not None,
                r.ring_seconds,
                r.overflow_id,
            )
            for r in list_routes(get_db(), button_id)
        ]


def test_the_form_comes_filled_with_the_route(as_admin, button, routes):
    sales, support = routes
    page = as_admin.get(f"/console/buttons/{button.id}/routes?edit={support}")
    text = html.unescape(page.get_data(as_text=True))
    assert "Edit the route “Support”" in text
    assert f'action="/console/buttons/{button.id}/routes/{support}"' in text
    assert 'value="7003"' in text and 'value="mon-fri 09:00-18:00"' in text
    assert 'value="20"' in text and f'<option value="{sales}" selected>' in text
    assert f'<option value="{support}"' not in text  # a route does not overflow to itself


def test_a_change_keeps_the_id_and_empty_fields_clear(app, as_admin, button, routes):
    sales, support = routes
    path = f"/console/buttons/{button.id}/routes/{support}"
    change = {"label": "Help desk", "label_ru": "Помощь", "callee": "7009"}
    answer = post(as_admin, path, change | {"hours": "", "ring_time": "", "overflow": ""})
    assert answer.status_code == 302
    assert stored(app, button.id)[1] == (support, "Help desk", "Помощь", "7009", False, None, None)
    assert stored(app, button.id)[0][0] == sales


@pytest.mark.parametrize(
    "change",
    [
        {"ring_time": "1"},
        {"callee": "+88213000000"},
        {"label": ""},
        {"hours": "whenever"},
        {"overflow": "no-such-route"},
    ],
)
def test_a_bad_change_is_said_and_changes_nothing(app, as_admin, button, routes, change):
    _sales, support = routes
    before = stored(app, button.id)
    form = {"label": "Support", "callee": "7003", "hours": "mon-fri 09:00-18:00"}
    form |= {"ring_time": "20", "overflow": routes[0]} | change
    answer = post(as_admin, f"/console/buttons/{button.id}/routes/{support}", form)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400 and 'id="form-errors"' in text
    assert "Edit the route" in html.unescape(text)
    assert stored(app, button.id) == before


def test_other_buttons_routes_and_viewers_are_refused(app, as_admin, button, routes, make_user):
    _sales, support = routes
    with app.app_context():
        other = create_button(get_db(), dict(BUTTON, name="Other"))
    before = stored(app, button.id)
    form = {"label": "X", "callee": "7001"}
    assert post(as_admin, f"/console/buttons/{other.id}/routes/{support}", form).status_code == 404
    assert post(as_admin, f"/console/buttons/{button.id}/routes/nope", form).status_code == 404
    make_user("viewer@example.com", "viewer")
    viewer = app.test_client()
    assert log_in(viewer, "viewer@example.com").status_code == 302
    path = f"/console/buttons/{button.id}/routes/{support}"
    token_page = f"/console/buttons/{button.id}/routes"
    assert post(viewer, path, form, form=token_page).status_code == 403
    assert stored(app, button.id) == before
