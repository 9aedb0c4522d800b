"""The console in Russian: each English text of the templates and views, translated."""

from console.texts_ru_editor import EDITOR
from console.texts_ru_errors import ERRORS
from console.texts_ru_pages import PAGES

RU: dict[str, str] = PAGES | EDITOR | ERRORS
