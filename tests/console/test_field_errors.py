"""The editor says each error of the core's field rules in the console's language, by its code."""

from __future__ import annotations

import ast
import inspect
import re
from datetime import date, timedelta

import pytest

from callgate.buttons import (
    call_limits,
    callee,
    fields,
    looks,
    origins,
    schedule,
    sip_binding,
    store,
    text_rules,
    validate,
)
from callgate.buttons.store import get_button, list_buttons
from callgate.console import button_form
from callgate.console.error_texts import GENERIC, KINDS, SAID
from callgate.console.field_errors import say
from callgate.console.i18n import COOKIE
from callgate.console.texts_ru import RU
from callgate.db import fit, get_db
from callgate.db.models import Button
from callgate.errors import InvalidInput
from callgate.ratelimit import rules
from tests.console.helpers import log_in, post
from tests.console.test_buttons import GOOD, field_error

#: Every module whose errors the button editor can show.
MODULES = (
    *(validate, text_rules, looks, callee, schedule, origins, call_limits, fields, store),
    sip_binding,
    *(rules, fit, button_form),
)
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
NAME = fit.limit(Button.name) or 0
LABEL = fit.limit(Button.label) or 0
MANY_DAYS = "\n".join(str(date(2030, 1, 1) + timedelta(days=n)) for n in range(401))


def raisable_codes() -> set[str]:
    """Return the codes of every InvalidInput kind the editor's modules raise."""
    found: set[str] = set()
    for module in MODULES:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, InvalidInput):
                found |= {value.code, *value.codes}
    return found


def codes_at_raise_sites() -> set[str]:
    """Return every `code=` the editor's modules pass; each must be a literal (or a choice)."""
    found: set[str] = set()
    for module in MODULES:
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            for keyword in node.keywords if isinstance(node, ast.Call) else []:
                if keyword.arg != "code":
                    continue
                given = keyword.value
                choices = [given.body, given.orelse] if isinstance(given, ast.IfExp) else [given]
                assert all(isinstance(c, ast.Constant) for c in choices), ast.unparse(given)
                found |= {c.value for c in choices if isinstance(c, ast.Constant)}
    return found


def test_the_codes_are_found():
    assert {"origin_scheme", "callee_special", "bad_limits", "bad_duration"} <= raisable_codes()
    assert {"too_long", "required", "text_characters", "bad_holiday"} <= raisable_codes()


def test_every_code_passed_at_a_raise_site_is_declared_by_its_kind():
    assert sorted(codes_at_raise_sites() - raisable_codes()) == []


def test_every_code_has_an_english_and_a_russian_text():
    codes = raisable_codes()
    assert sorted(codes - set(SAID)) == []
    texts = [SAID[code] for code in codes] + list(KINDS.values())
    assert sorted(t for t in texts if not RU.get(t)) == []
    mismatched = [
        t for t in texts if set(PLACEHOLDER.findall(RU[t])) != set(PLACEHOLDER.findall(t))
    ]
    assert mismatched == []


def test_every_kind_of_detail_has_words():
    kinds = {*callee.REFUSED_TYPES.values(), callee.NON_GEOGRAPHIC_KIND, *rules.BUTTON_KINDS}
    assert sorted(kinds - set(KINDS)) == []


class Unforeseen(InvalidInput):
    code = "unforeseen"


@pytest.mark.parametrize(("language", "expected"), [("ru", RU[GENERIC]), ("en", GENERIC)])
def test_an_unknown_code_gets_a_plain_sentence_and_not_the_core_words(app, language, expected):
    with app.test_request_context(headers={"Cookie": f"{COOKIE}={language}"}):
        assert say(Unforeseen("the core's own words 'secret'", value="x")) == expected


def test_a_text_missing_a_detail_still_shows(app):
    with app.test_request_context(headers={"Cookie": f"{COOKIE}=ru"}):
        said = say(validate.ButtonError("no details", code="bad_characters"))
    assert said == "В «…» есть символы, недопустимые в этом поле."


@pytest.fixture
def in_russian(as_admin):
    as_admin.set_cookie(COOKIE, "ru")
    return as_admin


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        ({"name": ""}, "name", "Обязательное поле."),
        ({"name": "n" * (NAME + 1)}, "name", f"Слишком длинно: не больше {NAME} символов."),
        ({"name": "Front\x01desk"}, "name", "В «Front\\x01desk» есть символы, недопустимые"),
        ({"origins": ""}, "origins", "Обязательное поле."),
        ({"origins": "ftp://shop.example.com"}, "origins", "должен начинаться с http://"),
        ({"origins": "https://a.example.com/shop"}, "origins", "не должно быть пути"),
        ({"origins": "https://a.example.com#"}, "origins", "не должно быть фрагмента"),
        ({"origins": "https://shop.*.example.com"}, "origins", "звёздочка допустима только"),
        ({"origins": "https://*.com"}, "origins", "после «*.» нужны хотя бы две части"),
        ({"origins": "https://exa_mple.com"}, "origins", "неправильное имя хоста"),
        ({"origins": "https://300.1.2.3"}, "origins", "неправильный IP-адрес"),
        ({"origins": "https://a.example.com:0"}, "origins", "порт 0"),
        ({"origins": "https://a.example.com:99999"}, "origins", "не читается как схема://"),
        ({"origins": "https://a.example.com."}, "origins", "заканчивается точкой"),
        ({"origins": "null"}, "origins", "«null» — не источник"),
        ({"origins": "https://a\x01.example.com"}, "origins", "не может быть управляющих"),
        ({"callee": ""}, "callee", "Обязательное поле."),
        ({"callee": "+1 900 555 0123"}, "callee", "+19005550123 — специальный номер (платный)"),
        ({"callee": "+882 16 1234 5678"}, "callee", "(международный негеографический"),
        ({"callee": "84951234567"}, "callee", "«84951234567» похоже на телефонный номер"),
        ({"callee": "a00882123456789"}, "callee", "спрятан телефонный номер (цифр среди букв: 14)"),
        ({"callee": "+7 123"}, "callee", "«+7 123» — недействительный номер"),
        ({"callee": "+7 495 CALL"}, "callee", "«+7 495 CALL» — не телефонный номер"),
        ({"callee": "front desk!"}, "callee", "Укажите номер в формате E.164"),
        ({"callee": "sip:a@pbx.example.com;x=1"}, "callee", "Параметры URI (;…)"),
        ({"callee": "sip:a@pbx.example.com?X=1"}, "callee", "SIP-заголовки (?…)"),
        ({"callee": "sip:a b@pbx.example.com"}, "callee", "Запишите SIP-адрес как sip:"),
        ({"gateway_url": "http://wcs"}, "gateway_url", "Адрес должен быть вида ws://"),
        ({"app_key": "call gate"}, "app_key", "В «call gate» есть символы"),
        ({"sip_login": "front desk"}, "sip_login", "В «front desk» есть символы"),
        ({"sip_auth_name": "a<b"}, "sip_auth_name", "В «a&lt;b» есть символы"),
        ({"sip_domain": 'pbx"x'}, "sip_domain", "есть символы, недопустимые"),
        ({"sip_outbound_proxy": "p x"}, "sip_outbound_proxy", "есть символы, недопустимые"),
        ({"sip_password": ""}, "sip_password", "Обязательное поле."),
        ({"sip_password": "pass\x00word"}, "sip_password", "В нём есть недопустимые символы"),
        ({"sip_port": "0"}, "sip_port", "Порт должен быть от 1 до 65535."),
        ({"sip_port": "port"}, "sip_port", "«port» — не целое число: укажите число от 1 до 65535."),
        ({"label": "l" * (LABEL + 1)}, "label", f"не больше {LABEL} символов"),
        ({"color": "red"}, "color", "Цвет записывается так: #1a2b3c."),
        ({"text_color": "#12345"}, "text_color", "Цвет записывается так"),
        ({"position": "top"}, "position", "Выберите одно из значений: bottom-right, bottom-left"),
        ({"language": "de"}, "language", "Выберите одно из значений: auto, en, ru."),
        ({"text_call": "c" * 201}, "texts", "Текст «call» слишком длинный: не больше 200"),
        ({"text_busy": "Busy\x07"}, "texts", "В тексте «busy» есть недопустимые символы."),
        ({"hours": ""}, "hours", "Часы работы не указаны"),
        ({"hours": "09:00-18:00"}, "hours", "Не удалось прочитать «09:00-18:00»"),
        ({"hours": "someday 09:00-17:00"}, "hours", "Дня «someday» нет"),
        ({"hours": "mon 9:00-18:00"}, "hours", "Интервал «9:00-18:00» должен выглядеть как"),
        ({"hours": "mon 09:00-09:00"}, "hours", "Интервал «09:00-09:00» пустой"),
        ({"timezone": "Mars/Base"}, "timezone", "Часового пояса «Mars/Base» нет"),
        ({"timezone": "Z" * 65}, "timezone", "не больше 64 символов"),
        ({"holidays": "31.12.2026"}, "holidays", "«31.12.2026» — не дата вида 2026-12-31."),
        ({"holidays": MANY_DAYS}, "holidays", "Не больше 400 выходных дней."),
        ({"closed_message": "Closed\x1b"}, "closed_message", "есть символы, недопустимые"),
        ({"fallback": "http://example.com"}, "fallback", "Укажите tel:+ и номер"),
        ({"fallback": "tel:+7 495"}, "fallback", "Укажите tel:+ и номер"),
        ({"max_duration": "forever"}, "max_duration", "Укажите длительность в секундах"),
        ({"max_duration": "48h"}, "max_duration", "Укажите целое число от 1 до 86400."),
        ({"max_concurrent": "101"}, "max_concurrent", "Укажите целое число от 1 до 100."),
        ({"daily_calls": "0"}, "daily_calls", "Укажите целое число от 1 до 100000."),
        ({"daily_minutes": "many"}, "daily_minutes", "«many» — не целое число: укажите число от 1"),
        ({"max_concurrent": "-3"}, "max_concurrent", "Укажите целое число от 1 до 100."),
        ({"limit_ip": "lots"}, "limits", "На адрес: «lots» — неверная запись"),
        ({"limit_prefix": "5/fortnight"}, "limits", "На сеть: «5/fortnight» — неверная"),
        ({"limit_button": "x"}, "limits", "На кнопку: «x» — неверная запись"),
        ({"consent_text": "c" * 1001}, "consent_text", "длиной от 1 до 1000 символов"),
        ({"consent_text": "We record\x07"}, "consent_text", "других управляющих символов"),
    ],
)
def test_each_bad_field_is_said_in_russian_at_the_field_and_nothing_is_saved(
    app, in_russian, changes, field, said
):
    response = post(in_russian, "/console/buttons/new", GOOD | changes)
    assert response.status_code == 400
    shown = field_error(response.get_data(as_text=True), field)
    assert said in shown
    assert not re.search(r"\b(must|is|not|allowed|characters)\b", shown), shown
    with app.app_context():
        assert list_buttons(get_db()) == []


def test_a_country_outside_the_allowlist_is_said_in_russian(make_app, make_user):
    client = make_app(CALLEE_COUNTRIES=["RU"], CONSOLE_ARGON2_MEMORY_KIB=64).test_client()
    make_user("owner@example.com", "admin")
    log_in(client, "owner@example.com")
    client.set_cookie(COOKIE, "ru")
    response = post(client, "/console/buttons/new", GOOD | {"callee": "+49 30 1234567"})
    said = field_error(response.get_data(as_text=True), "callee")
    assert said == "+49301234567 — номер страны DE, а эта установка может звонить только в RU."


def test_a_bad_change_to_a_button_is_said_in_russian_and_not_stored(app, in_russian, button):
    form = f"/console/buttons/{button.id}"
    bad = GOOD | {"workspace": "1", "origins": "https://a.example.com/path"}
    response = post(in_russian, form, bad)
    assert response.status_code == 400
    assert "не должно быть пути" in field_error(response.get_data(as_text=True), "origins")
    with app.app_context():
        assert get_button(get_db(), button.id).origins == button.origins


def test_the_sip_password_is_never_said_back(in_russian):
    bad = GOOD | {"sip_password": "hunter2\x01secret"}
    html = post(in_russian, "/console/buttons/new", bad).get_data(as_text=True)
    assert field_error(html, "sip_password")
    assert "hunter2" not in html


def test_a_value_said_back_is_escaped(in_russian):
    typed = 'https://"><img/src=x/onerror=alert(1)>'
    html = post(in_russian, "/console/buttons/new", GOOD | {"origins": typed}).get_data(
        as_text=True
    )
    assert "<img" not in html
    assert "«https://&#34;&gt;&lt;img/src=x/onerror=alert(1)&gt;»" in field_error(html, "origins")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            [
                "“ftp://a.example.com” must start with http:// or https://.",
                "“https://b.example.com/x” must not have a path",
                "“not-an-origin” must start with http:// or https://.",
                "“https://*.com”: a wildcard needs at least two labels",
            ],
        ),
        (
            "ru",
            [
                "«ftp://a.example.com»",
                "«https://b.example.com/x»",
                "«not-an-origin»",
                "«https://*.com»",
            ],
        ),
    ],
)
def test_every_bad_origin_is_said_not_only_the_first(app, as_admin, lang, said):
    as_admin.set_cookie("callgate_console_lang", lang)
    typed = "https://ok.example.com\nftp://a.example.com\nhttps://b.example.com/x\nnot-an-origin\nhttps://*.com"
    response = post(as_admin, "/console/buttons/new", GOOD | {"origins": typed})
    assert response.status_code == 400
    shown = field_error(response.get_data(as_text=True), "origins")
    assert all(part in shown for part in said), shown
