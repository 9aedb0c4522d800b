"""Button states a test can arrange: open, closed by hours or holidays, over budget, busy.

Each takes the stack, `button_settings`' change and `make_page`, and returns the path of a
host page whose button is in that state.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from callgate.db.models import WEEKDAYS
from tests.browser import pages
from tests.browser.stack import SIP
from tests.browser.widget import start_call, status


def closed_today(change, *extra: str) -> None:
    """Close the button: today and tomorrow (UTC) are holidays, so a midnight cannot reopen it."""
    today = datetime.now(UTC).date()
    days = [today.isoformat(), (today + timedelta(days=1)).isoformat()]
    change("--timezone", "UTC", *[arg for day in days for arg in ("--holiday", day)], *extra)


def own_button(stack, *options: str) -> str:
    """Create a 24/7 button with `options` and a host page for it; return the page's path."""
    created = stack.flask(
        *("button", "create", "--name", "Own", "--origin", stack.host, "--hours", "24/7"),
        *("--callee", SIP["callee"], "--gateway-url", stack.gateway, "--sip-login", SIP["login"]),
        *(*options, "--sip-password-stdin", "--json"),
        stdin=SIP["password"] + "\n",
    )
    button_id = json.loads(created)["id"]
    snippet = f'<script async src="{stack.api}/widget.js" data-button="{button_id}"></script>'
    stack.routes[f"/own/{button_id}"] = (pages.page(snippet), {})
    return f"/own/{button_id}"


def open_now(stack, change, make_page) -> str:
    """The stack's button as it is: open around the clock."""
    return "/"


def closed_by_hours(stack, change, make_page) -> str:
    """Open two days from now only (UTC), so neither today nor tomorrow opens it."""
    day = WEEKDAYS[(datetime.now(UTC).weekday() + 2) % 7]
    change("--hours", f"{day} 09:00-10:00", "--timezone", "UTC", "--closed-message", "Back soon")
    return "/"


def closed_on_holidays(stack, change, make_page) -> str:
    """Closed today and tomorrow, with the built-in message and a callback offered."""
    closed_today(change, "--callback")
    return "/"


def over_budget(stack, change, make_page) -> str:
    """A button allowing one call a day, which another visitor has just made."""
    path = own_button(stack, "--daily-calls", "1")
    page = make_page(path)
    start_call(page)
    page.get_by_role("button", name="Hang up").click()
    expect(status(page)).to_have_text("Call ended")
    page.close()
    return path


def busy(stack, change, make_page) -> str:
    """A button taking one call at a time, which another visitor holds."""
    path = own_button(stack, "--max-concurrent", "1")
    start_call(make_page(path))
    return path
