"""buttons/origins.py: normalizing, refusing and matching web origins."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callgate.buttons.origins import Origin, OriginError, is_allowed, parse_origin

ALLOWED = ["https://yourdomain.com"]
WILDCARD = ["https://*.example.com"]
LABEL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-._@:/?#[]*% !$&'()+,;=~\\"


# fmt: off
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HTTPS://EXAMPLE.COM", Origin("https", "example.com", None)),
        ("https://Shop.Example.Com", Origin("https", "shop.example.com", None)),
        ("https://example.com:443", Origin("https", "example.com", None)),
        ("http://example.com:80", Origin("http", "example.com", None)),
        ("https://example.com:8443", Origin("https", "example.com", 8443)),
        ("https://example.com:80", Origin("https", "example.com", 80)),
        ("http://example.com:443", Origin("http", "example.com", 443)),
        ("https://203.0.113.7", Origin("https", "203.0.113.7", None)),
        ("http://203.0.113.7:8080", Origin("http", "203.0.113.7", 8080)),
        ("https://[2001:DB8:0::1]", Origin("https", "[2001:db8::1]", None)),
        ("https://[::1]:8443", Origin("https", "[::1]", 8443)),
    ],
)
# fmt: on
def test_normalizes(text, expected):
    assert parse_origin(text) == expected


def test_idn_equals_its_punycode():
    assert parse_origin("https://пример.com") == parse_origin("https://xn--e1afmkfd.com")
    assert str(parse_origin("https://пример.com")) == "https://xn--e1afmkfd.com"


# fmt: off
@pytest.mark.parametrize(
    "text",
    [
        "null", None, "", "https://example.com.", "https://example.com/",
        "https://example.com/path", "https://example.com?q=1", "https://example.com?",
        "https://example.com#frag", "https://example.com#", "https://a@b.com",
        "https://user:pw@b.com", "ftp://example.com", "javascript:alert(1)",
        "https://example.com:abc", "https://example.com:99999", "https://example.com:-1",
        "https://example.com:0", " https://example.com", "https://example.com ",
        "https://example.com\n", "https://exa mple.com", "https://a_b.example.com",
        "https://*.example.com", "example.com", "https://", "https://1.2.3",
        "https://[1.2.3.4]", "https://[::1",
    ],
)
# fmt: on
def test_refuses(text):
    with pytest.raises(OriginError):
        parse_origin(text)


@pytest.mark.parametrize("text", ["https://*.com", "https://a.*.com", "https://**.a.com"])
def test_refuses_bad_wildcards_even_when_allowed(text):
    with pytest.raises(OriginError):
        parse_origin(text, allow_wildcard=True)


# fmt: off
@pytest.mark.parametrize(
    "text",
    [
        "https://evil-yourdomain.com", "https://evilyourdomain.com",
        "https://yourdomain.com.evil.net", "https://yourdomain.com@evil.net",
        "https://yourdomain.com:443@evil.net", "https://evil.net/yourdomain.com",
        "https://evil.net?yourdomain.com", "https://evil.net#yourdomain.com",
        "https://sub.yourdomain.com", "http://yourdomain.com",
        "https://yourdomain.com:8443", "https://yourdomain.com.", "null", None,
    ],
)
# fmt: on
def test_bypasses_are_refused(text):
    try:
        origin = parse_origin(text)
    except OriginError:
        return
    assert not is_allowed(origin, ALLOWED)


@pytest.mark.parametrize("text", ["https://YourDomain.COM", "https://yourdomain.com:443"])
def test_equivalent_spellings_are_allowed(text):
    assert is_allowed(parse_origin(text), ALLOWED)


@pytest.mark.parametrize("text", ["https://a.example.com", "https://a.b.example.com"])
def test_wildcard_matches_subdomains(text):
    assert is_allowed(parse_origin(text), WILDCARD)


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com",
        "https://evilexample.com",
        "http://a.example.com",
        "https://a.example.com:8443",
        "https://a.example.com.evil.net",
    ],
)
def test_wildcard_refuses(text):
    assert not is_allowed(parse_origin(text), WILDCARD)


def _refused_or_not_allowed(text: str) -> Origin | None:
    try:
        origin = parse_origin(text)
    except OriginError:
        return None
    return origin if is_allowed(origin, ALLOWED) else None


@given(
    st.one_of(st.text(LABEL_CHARS, max_size=20), st.text(max_size=20)),
    st.sampled_from(["{x}yourdomain.com", "{x}.yourdomain.com", "yourdomain.com.{x}"]),
)
def test_text_around_allowed_host_is_refused(extra, template):
    allowed = _refused_or_not_allowed("https://" + template.format(x=extra))
    if allowed is not None:
        # Only an extra that normalizes away entirely (e.g. U+00AD) may be let through.
        assert allowed == parse_origin(ALLOWED[0])
        assert not extra.isascii() or extra == ""


def test_soft_hyphen_normalizes_away_like_in_browsers():
    assert _refused_or_not_allowed("https://\u00adyourdomain.com") == parse_origin(ALLOWED[0])


_labels = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?", fullmatch=True).filter(
    lambda label: label[2:4] != "--"
)


@given(
    st.sampled_from(["http", "https", "HTTP", "HttpS"]),
    st.lists(_labels, min_size=1, max_size=4).filter(lambda ls: not ls[-1].isdigit()),
    st.one_of(st.none(), st.integers(1, 65535)),
)
def test_normalized_form_is_stable(scheme, labels, port):
    text = f"{scheme}://{'.'.join(labels)}" + (f":{port}" if port else "")
    origin = parse_origin(text)
    assert origin.scheme == scheme.lower()
    assert origin.host == ".".join(labels).lower()
    assert origin.port == (None if port == {"http": 80, "https": 443}[origin.scheme] else port)
    assert parse_origin(str(origin)) == origin


@given(st.text(max_size=40), st.booleans())
def test_only_origin_error_escapes(text, wildcard):
    for candidate in (text, f"https://{text}"):
        try:
            parse_origin(candidate, allow_wildcard=wildcard)
        except OriginError:
            pass


@pytest.mark.parametrize("text", ["https://１.２.３", "https://²"])
def test_accepted_origin_reparses(text):
    try:
        origin = parse_origin(text, allow_wildcard=True)
    except OriginError:
        return
    assert parse_origin(str(origin), allow_wildcard=True) == origin


@pytest.mark.parametrize("extra", ["\n", "\t", "\r", "\x00", "\x7f"])
def test_control_characters_in_an_origin_are_refused(extra):
    for text in (f"https://{extra}shop.example.com", f"https://shop.{extra}example.com"):
        with pytest.raises(OriginError, match="control characters"):
            parse_origin(text)
