"""buttons/callee.py and `--allow-special`: real numbers, special ranges, countries, SIP URIs."""

from __future__ import annotations

import json

import pytest

from callgate.buttons.callee import CalleeError, CalleeRules, callee_warnings, check_callee
from tests.cli.test_cmd_button import create_args

ANY = CalleeRules()
SPECIAL = CalleeRules(allow_special=True)


@pytest.mark.parametrize(
    ("callee", "stored"),
    [
        ("+7 916 123 45 67", "+79161234567"),
        ("+7 495 123-45-67", "+74951234567"),
        ("+74951234567", "+74951234567"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+49 30 1234567", "+49301234567"),
        ("+1 800 234 5678", "+18002345678"),
        ("+1 876 927 1234", "+18769271234"),
        ("7001", "7001"),
        ("100", "100"),
        ("*72#", "*72#"),
        ("123456", "123456"),
        ("sales-desk-7731", "sales-desk-7731"),
        ("support.line_2", "support.line_2"),
        ("sip:100@pbx.example.com", "sip:100@pbx.example.com"),
        ("SIPS:desk@pbx.example.com:5061", "sips:desk@pbx.example.com:5061"),
        ("sip:+74951234567@10.0.0.5", "sip:+74951234567@10.0.0.5"),
        ("sip:100@[2001:db8::1]:5060", "sip:100@[2001:db8::1]:5060"),
    ],
)
def test_accepted_callees_are_normalized(callee, stored):
    assert check_callee(callee, ANY) == stored


@pytest.mark.parametrize(
    ("callee", "kind"),
    [
        ("+44 909 8790879", "premium-rate"),
        ("+44 845 4647", "premium-rate"),  # libphonenumber files UK 0845 under premium rate
        ("+1 900 555 0123", "premium-rate"),
        ("+7 809 123 4567", "premium-rate"),
        ("+49 180 1234567", "shared-cost"),
        ("+44 300 123 4567", "UAN"),
        ("+49 177 99 1234567", "voicemail-access"),
        ("+44 70 1234 5678", "personal"),
        ("+44 76 0012 3456", "pager"),
        ("+882 16 1234 5678", "international non-geographic"),
        ("+881 6 1234 5678", "international non-geographic"),
        ("+979 123 456 789", "premium-rate"),
    ],
)
def test_special_numbers_need_allow_special(callee, kind):
    with pytest.raises(CalleeError, match=kind) as caught:
        check_callee(callee, ANY)
    assert "--allow-special" in caught.value.message
    assert check_callee(callee, SPECIAL).startswith("+")


@pytest.mark.parametrize(
    ("callee", "message"),
    [
        ("", "must not be empty"),
        (None, "must not be empty"),
        (7001, "must not be empty"),
        ("+44 1632 960983", "not a valid phone number"),
        ("+7 495 123", "not a valid phone number"),
        ("+7 495 123-45-67 ext. 12", "not a phone number"),
        ("+7 495 123-45-67\r\nP-Asserted-Identity: <sip:+882@evil>", "not a phone number"),
        ("+", "not a phone number"),
        ("74951234567", "E.164"),
        ("84951234567", "E.164"),
        ("004474951234567", "E.164"),
        ("7495.123.4567", "E.164"),
        ("*1234567", "E.164"),
        ("1234567", "E.164"),
        ("7001\r\nP-Asserted-Identity: <sip:+88213000000@evil.example>", "must be an E.164"),
        ("70 01", "must be an E.164"),
        ("desk'or'1", "must be an E.164"),
        ("a" * 65, "must be an E.164"),
        ("x" * 301, "longer than 300"),
        ("sip:100@pbx;transport=tcp", "URI parameters"),
        ("sip:100@pbx?X=1", "SIP headers"),
        ("sip:100@pbx\r\nVia: x", "must be sip:user@host"),
        ("sip:100 @pbx", "must be sip:user@host"),
        ("<sip:100@pbx>", "must be an E.164"),
        ('sip:"100"@pbx', "must be sip:user@host"),
        ("sip:100@", "must be sip:user@host"),
        ("sip:@pbx", "must be sip:user@host"),
        ("sip:100@pbx:0", "must be sip:user@host"),
        ("sip:100@pbx:70000", "must be sip:user@host"),
        ("sip:100@-pbx", "must be sip:user@host"),
        ("sip:100@[not-ip]", "must be sip:user@host"),
        ("sip:100:secret@pbx", "must be an E.164"),
        ("sip:74951234567@pbx", "E.164"),
        ("sip:+44 909 8790879@pbx", "must be sip:user@host"),
        ("sip:+449098790879@pbx", "premium-rate"),
    ],
)
def test_bad_callees_are_refused(callee, message):
    with pytest.raises(CalleeError, match=message):
        check_callee(callee, SPECIAL if message == "E.164" else ANY)


def test_country_allowlist_refuses_other_countries_even_when_special():
    rules = CalleeRules(countries=("US", "CA"))
    with pytest.raises(CalleeError, match=r"in JM, not in CALLGATE_CALLEE_COUNTRIES \(US, CA\)"):
        check_callee("+1 876 927 1234", rules)
    assert check_callee("+1 202 555 0143", rules) == "+12025550143"
    with pytest.raises(CalleeError, match="in 001, not in"):
        check_callee("+882 16 1234 5678", CalleeRules(allow_special=True, countries=("US",)))
    assert check_callee("7001", rules) == "7001"


def test_cli_refuses_premium_unless_allowed_on_create_and_update(runner, button):
    args = [*create_args({"--callee": "+44 909 8790879"}), "--sip-password-stdin"]
    result = runner.invoke(args=args, input="pw\n")
    assert result.exit_code == 1
    assert result.output.startswith("Error: callee +449098790879 is a premium-rate number")
    result = runner.invoke(args=[*args, "--allow-special", "--json"], input="pw\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["callee"] == "+449098790879"

    update = ["button", "update", button.id, "--callee", "+1 900 555 0123"]
    result = runner.invoke(args=update)
    assert result.exit_code == 1 and "premium-rate" in result.output
    result = runner.invoke(args=[*update, "--allow-special", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["callee"] == "+19005550123"


def test_cli_applies_the_configured_countries(make_app, button):
    runner = make_app(CALLEE_COUNTRIES=["RU", "DE"]).test_cli_runner()
    refused = runner.invoke(args=["button", "update", button.id, "--callee", "+1 876 927 1234"])
    assert refused.exit_code == 1 and "in JM, not in CALLGATE_CALLEE_COUNTRIES" in refused.output
    ok = runner.invoke(
        args=["button", "update", button.id, "--callee", "+7 916 123 45 67", "--json"]
    )
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["callee"] == "+79161234567"


@pytest.mark.parametrize(
    "callee",
    [
        "sip:a00882130000000@pbx.example.com",
        "sip:x900123456@pbx.example.com",
        "sip:00-882-1300-0000@pbx.example.com",
        "sip:00882130000000a@pbx.example.com",
        "sip:out.0044.2079460958@pbx.example.com",
        "a00882130000000",
        "dial_9_00882130000",
        "sips:abc1234567@pbx.example.com:5061",
    ],
)
def test_a_dial_string_hidden_among_letters_is_refused(callee):
    for rules in (ANY, SPECIAL):
        with pytest.raises(CalleeError, match="(hides|looks like) a phone number") as caught:
            check_callee(callee, rules)
        assert "E.164" in caught.value.message


@pytest.mark.parametrize("callee", ["sales-7731", "sip:desk-100200@pbx.example.com", "agent_42"])
def test_names_with_a_few_digits_pass(callee):
    assert check_callee(callee, ANY) == callee


@pytest.mark.parametrize(
    ("callee", "country"),
    [
        ("+1 268 464 1234", "Antigua and Barbuda (AG)"),
        ("+1 876 927 1234", "Jamaica (JM)"),
        ("sip:+18092201111@pbx.example.com", "Dominican Republic (DO)"),
    ],
)
def test_a_nanp_number_outside_the_us_and_canada_gets_a_warning(callee, country):
    stored = check_callee(callee, ANY)
    [warning] = callee_warnings(stored, ANY)
    assert f"is in {country}, not the US or Canada" in warning
    assert "CALLGATE_CALLEE_COUNTRIES=US,CA" in warning
    assert callee_warnings(stored, CalleeRules(countries=("AG", "JM", "DO"))) == []


@pytest.mark.parametrize(
    "callee", ["+1 202 555 0143", "+1 416 555 0143", "+44 20 7946 0958", "7001", "sip:1@pbx"]
)
def test_no_warning_for_us_canada_or_other_callees(callee):
    assert callee_warnings(check_callee(callee, ANY), ANY) == []


def test_button_create_and_update_warn_on_stderr_not_in_the_json(runner, button):
    args = [*create_args({"--callee": "+1 268 464 1234"}), "--sip-password-stdin", "--json"]
    result = runner.invoke(args=args, input="pw\n")
    assert result.exit_code == 0, result.output
    assert "Antigua and Barbuda" in result.stderr
    assert json.loads(result.stdout)["callee"] == "+12684641234"
    update = runner.invoke(args=["button", "update", button.id, "--callee", "+1 876 927 1234"])
    assert update.exit_code == 0 and update.stderr.startswith("Warning: callee +18769271234")
    quiet = runner.invoke(args=["button", "update", button.id, "--name", "Other"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
