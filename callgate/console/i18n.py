"""The console's languages: English, and Russian from console/texts_ru.py.

Texts are written in English in the templates and the code (`_("Sign in")`); Russian has a
table with an entry for each (a test checks that none is missing). The language is the one the
user picked (a cookie), else the browser's Accept-Language.
"""

from __future__ import annotations

from flask import g, request

from callgate.console.texts_ru import RU

LANGUAGES = ("en", "ru")
COOKIE = "callgate_console_lang"
NAMES = {"en": "English", "ru": "Русский"}


def language() -> str:
    """Return the language of this request: the user's choice, else the browser's, else en."""
    if "language" not in g:
        chosen = request.cookies.get(COOKIE)
        g.language = (
            chosen
            if chosen in LANGUAGES
            else request.accept_languages.best_match(LANGUAGES, default="en")
        )
    return g.language


def gettext(text: str, **values: object) -> str:
    """Return `text` in this request's language, with `%(name)s` filled from `values`."""
    translated = RU.get(text, text) if language() == "ru" else text
    return translated % values if values else translated
