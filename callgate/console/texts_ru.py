"""The console in Russian: each English text of the templates and views, translated."""

from callgate.console.texts_ru_accounts import ACCOUNTS
from callgate.console.texts_ru_alerts import ALERTS
from callgate.console.texts_ru_audit import AUDIT
from callgate.console.texts_ru_editor import EDITOR
from callgate.console.texts_ru_errors import ERRORS
from callgate.console.texts_ru_integrations import INTEGRATIONS
from callgate.console.texts_ru_pages import PAGES
from callgate.console.texts_ru_privacy import PRIVACY
from callgate.console.texts_ru_reasons import REASONS
from callgate.console.texts_ru_routes import ROUTES
from callgate.console.texts_ru_scale import SCALE
from callgate.console.texts_ru_sources import SOURCES
from callgate.console.texts_ru_webhooks import WEBHOOKS

RU: dict[str, str] = (
    PAGES
    | EDITOR
    | ERRORS
    | AUDIT
    | REASONS
    | ACCOUNTS
    | PRIVACY
    | ROUTES
    | INTEGRATIONS
    | SCALE
    | WEBHOOKS
    | SOURCES
    | ALERTS
)
