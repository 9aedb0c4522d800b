"""Embed: the tag, the CSP lines, and whether a page URL's origin may use the button."""

from __future__ import annotations

import re

import pytest
import time_machine

from tests.console.helpers import log_in, post
from tests.console.html_forms import untouched
from tests.console.test_button_form import TYPED
from tests.console.test_buttons import GOOD


def test_the_tag_and_csp_lines(as_admin, button):
    html = as_admin.get(f"/console/buttons/{button.id}/embed").get_data(as_text=True)
    src = "&#34;https://calls.example.net/widget.js&#34;"
    tag = f"&lt;script async src={src} data-button=&#34;{button.id}&#34;&gt;&lt;/script&gt;"
    assert tag in html
    assert "script-src https://calls.example.net;" in html
    assert "connect-src https://calls.example.net wss://gw.example.com:8443;" in html
    assert 'data-copy="snippet"' in html


@pytest.mark.parametrize(
    ("url", "verdict"),
    [
        ("https://shop.example.com/contact?x=1", "Allowed: https://shop.example.com"),
        ("https://SHOP.example.com:443/", "Allowed: https://shop.example.com"),
        ("https://a.b.example.org/", "Allowed: https://a.b.example.org"),
        ("https://shop.example.com.evil.net/", "Not allowed: https://shop.example.com.evil.net"),
        ("http://shop.example.com/", "Not allowed: http://shop.example.com"),
        ("https://example.org/", "Not allowed: https://example.org"),
        ("not a url", "Write a whole page address"),
        ("javascript:alert(1)", "Write a whole page address"),
    ],
)
def test_the_origin_check(as_admin, button, url, verdict):
    html = as_admin.get(f"/console/buttons/{button.id}/embed", query_string={"url": url})
    assert verdict in html.get_data(as_text=True)


SATURDAY = "2026-12-12 10:00:00Z"


def made_at(client, admin: str, moment: str, lang: str = "en") -> str:
    """Log in at `moment`, make a button from the untouched form; return the page landed on."""
    with time_machine.travel(moment, tick=False):
        log_in(client, admin)
        client.set_cookie("callgate_console_lang", lang)
        form = untouched(client.get("/console/buttons/new").get_data(as_text=True), "editor")
        made = post(client, "/console/buttons/new", form | TYPED)
        return client.get(made.headers["Location"]).get_data(as_text=True)


def note(html: str, id_: str) -> str:
    found = re.search(rf'<p class="warning" id="{id_}"[^>]*>(.*?)</p>', html, re.DOTALL)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "It takes no calls until it opens: it is closed now, outside its opening hours "
            "(mon-fri 08:00-20:00, UTC). It opens on Monday, 2026-12-14 at 08:00 (UTC).",
        ),
        (
            "ru",
            "Она не принимает звонки, пока не откроется: сейчас закрыто, вне часов работы "
            "(mon-fri 08:00-20:00, UTC). Откроется: понедельник, 2026-12-14 в 08:00 (UTC).",
        ),
    ],
)
def test_a_button_made_outside_its_hours_lands_on_when_it_opens(client, admin, lang, said):
    html = made_at(client, admin, SATURDAY, lang)
    assert note(html, "closed-now").startswith(said)


def test_a_button_made_in_its_hours_has_no_such_note(client, admin):
    html = made_at(client, admin, "2026-12-14 10:00:00Z")
    assert "Your button is ready" in html and 'id="closed-now"' not in html


def test_the_owner_of_a_callee_abroad_is_warned_where_they_land(as_admin):
    made = post(as_admin, "/console/buttons/new", GOOD | {"callee": "+1 876 555 0123"})
    assert made.status_code == 302 and "/embed?created=1" in made.headers["Location"]
    html = as_admin.get(made.headers["Location"]).get_data(as_text=True)
    assert note(html, "callee-warning").startswith("+18765550123 is in Jamaica (JM)")
