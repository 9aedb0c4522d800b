"""A browser that logged in to an account before keeps its own limits: failures an attacker
piles up from the same address, or against the account from anywhere, do not lock it out."""

from __future__ import annotations

from tests.console.helpers import log_in

OWNER_IP = "192.0.2.10"


def browser(app, ip: str = OWNER_IP):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def known_browser(app, email: str):
    """The owner's browser, after one good login (it now holds the device cookie)."""
    owner = browser(app)
    assert log_in(owner, email).status_code == 302
    assert owner.get_cookie("callgate_device", path="/console/") is not None
    owner.delete_cookie("callgate_console", path="/console/")  # the session ended; the device stays
    return owner


def test_the_owner_s_browser_gets_in_while_an_attacker_on_the_same_address_is_locked_out(
    app, admin
):
    owner = known_browser(app, admin)
    attacker = browser(app)
    for _ in range(5):
        assert log_in(attacker, admin, "a guess").status_code == 401
    assert log_in(attacker, admin).status_code == 429  # even with the right password
    assert log_in(owner, admin).status_code == 302


def test_the_owner_s_browser_gets_in_while_the_account_is_flooded_from_everywhere(app, admin):
    owner = known_browser(app, admin)
    for number in range(12):
        log_in(browser(app, f"198.51.{number}.1"), admin, "a guess")
    assert log_in(browser(app, "203.0.113.1"), admin).status_code == 429
    assert log_in(owner, admin).status_code == 302


def test_a_device_cookie_only_counts_for_its_own_account(app, admin, make_user):
    make_user("other@example.com")
    owner = known_browser(app, admin)
    for _ in range(5):
        log_in(owner, "other@example.com", "a guess")
    assert log_in(owner, "other@example.com").status_code == 429


def test_a_known_browser_has_five_failures_of_its_own(app, admin):
    owner = known_browser(app, admin)
    for _ in range(5):
        assert log_in(owner, admin, "a typo").status_code == 401
    assert log_in(owner, admin).status_code == 429
    # Another browser of the same address is not held back by the device's failures.
    assert log_in(browser(app), admin).status_code == 302


def test_a_tampered_device_cookie_is_a_stranger(app, admin):
    owner = known_browser(app, admin)
    value = owner.get_cookie("callgate_device", path="/console/").value
    attacker = browser(app)
    attacker.set_cookie("callgate_device", value[:-2] + "xx", path="/console/")
    for _ in range(5):
        log_in(attacker, admin, "a guess")
    assert log_in(attacker, admin).status_code == 429
