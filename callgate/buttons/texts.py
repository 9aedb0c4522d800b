"""The button's built-in texts in English and Russian, and how one language is chosen."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "call": "Call us",
        "connecting": "Connecting…",
        "ringing": "Ringing…",
        "incall": "In call",
        "ended": "Call ended",
        "hangup": "Hang up",
        "mute": "Mute",
        "unmute": "Unmute",
        "retry": "Call again",
        "close": "Close",
        "unavailable": "Calls are not available right now",
        "mic": "Allow microphone access to call",
        "nomic": "No microphone found",
        "notallowed": "Calls are not enabled for this site",
        "gateway": "Cannot reach the call service",
        "relay": "Cannot reach the call relay. Please try again later.",
        "rejected": "The call was not accepted",
        "expired": "The call took too long to start",
        "timeout": "The call could not be connected. Please try again later.",
        "busy": "The line is busy",
        "overflow": "Nobody could answer there. Trying another line…",
        "failed": "The call failed",
        "closed": "We are closed right now. Please call during our opening hours.",
        "keypad": "Keypad",
        "opens": "Opens {time}",
        "hours": "Opening hours",
        "limited": "Too many call attempts. Try again in {s} s",
        "insecure": "Calls need a secure (https) page.",
        "micpolicy": "This page blocks the microphone. Site owner: allow it with the header "
        "Permissions-Policy: microphone=(self).",
        "micframe": "The call button is in a frame without microphone access. Site owner: add "
        'allow="microphone" to the iframe.',
        "michelp": "To allow it, click the icon left of the address bar, set Microphone to Allow, "
        "then call again.",
        "michelpsafari": "To allow it, open Safari > Settings for this website, set Microphone to "
        "Allow, then call again.",
        "silent": "We hear nothing from your microphone. Is it muted? Try another one.",
        "level": "Microphone level",
        "micdevice": "Microphone",
        "speaker": "Speaker",
        "devices": "Devices",
        "reconnecting": "Reconnecting…",
        "dropped": "The connection was lost",
        "good": "Good connection",
        "fair": "Fair connection",
        "poor": "Poor connection",
        "weak": "Your connection is weak; the audio may break up.",
        "callback": "Request a callback",
        "callbackintro": "Leave your number and we will call you back.",
        "phone": "Your phone number",
        "note": "Note (optional)",
        "send": "Send",
        "badphone": "Please enter a valid phone number, e.g. +49 30 1234567",
        "callbacksent": "Thank you! We will call you back.",
        "later": "Too many requests from here. Please try again later.",
        "consent": "Before you call",
        "accept": "Accept and call",
        "rate": "How was the call?",
        "star": "{n} out of 5",
        "tagecho": "Echo",
        "tagchoppy": "Choppy audio",
        "tagoneway": "One-way audio",
        "tagdropped": "Call dropped",
        "skip": "Skip",
        "rated": "Thank you for your feedback!",
    },
    "ru": {
        "call": "Позвонить нам",
        "connecting": "Соединение…",
        "ringing": "Вызов…",
        "incall": "Разговор",
        "ended": "Звонок завершён",
        "hangup": "Завершить",
        "mute": "Выключить микрофон",
        "unmute": "Включить микрофон",
        "retry": "Позвонить ещё раз",
        "close": "Закрыть",
        "unavailable": "Звонки сейчас недоступны",
        "mic": "Разрешите доступ к микрофону, чтобы позвонить",
        "nomic": "Микрофон не найден",
        "notallowed": "Звонки с этого сайта не разрешены",
        "gateway": "Сервис звонков недоступен",
        "relay": "Ретранслятор звонков недоступен. Попробуйте позже.",
        "rejected": "Звонок не принят",
        "expired": "Звонок не успел начаться",
        "timeout": "Не удалось соединить звонок. Попробуйте позже.",
        "busy": "Линия занята",
        "overflow": "Там никто не ответил. Пробуем другую линию…",
        "failed": "Звонок не удался",
        "closed": "Сейчас мы не работаем. Позвоните, пожалуйста, в рабочее время.",
        "keypad": "Клавиатура",
        "opens": "Откроемся {time}",
        "hours": "Часы работы",
        "limited": "Слишком много попыток. Попробуйте через {s} с",
        "insecure": "Для звонка нужна защищённая (https) страница.",
        "micpolicy": "Эта страница запрещает микрофон. Владельцу сайта: разрешите его заголовком "
        "Permissions-Policy: microphone=(self).",
        "micframe": "Кнопка звонка во фрейме без доступа к микрофону. Владельцу сайта: добавьте "
        'allow="microphone" к iframe.',
        "michelp": "Чтобы разрешить, нажмите значок слева от адресной строки, разрешите микрофон "
        "и позвоните ещё раз.",
        "michelpsafari": "Чтобы разрешить, откройте Safari > Настройки для этого веб-сайта, "
        "разрешите микрофон и позвоните ещё раз.",
        "silent": "Мы не слышим ваш микрофон. Он выключен? Попробуйте другой.",
        "level": "Уровень микрофона",
        "micdevice": "Микрофон",
        "speaker": "Динамик",
        "devices": "Устройства",
        "reconnecting": "Восстанавливаем связь…",
        "dropped": "Связь прервалась",
        "good": "Хорошая связь",
        "fair": "Средняя связь",
        "poor": "Плохая связь",
        "weak": "Слабое соединение: звук может прерываться.",
        "callback": "Заказать обратный звонок",
        "callbackintro": "Оставьте номер, и мы вам перезвоним.",
        "phone": "Ваш номер телефона",
        "note": "Комментарий (необязательно)",
        "send": "Отправить",
        "badphone": "Введите правильный номер, например +7 495 123-45-67",
        "callbacksent": "Спасибо! Мы вам перезвоним.",
        "later": "Слишком много запросов. Попробуйте позже.",
        "consent": "Перед звонком",
        "accept": "Принять и позвонить",
        "rate": "Как прошёл звонок?",
        "star": "{n} из 5",
        "tagecho": "Эхо",
        "tagchoppy": "Звук прерывается",
        "tagoneway": "Слышно только одну сторону",
        "tagdropped": "Звонок оборвался",
        "skip": "Пропустить",
        "rated": "Спасибо за отзыв!",
    },
}
TEXT_KEYS = tuple(TEXTS["en"])


def pick_language(configured: str, requested: str | None) -> str:
    """Return the language to show: the button's, or for `auto` the page's if we have it."""
    if configured != "auto":
        return configured
    wanted = (requested or "")[:2].lower()
    return wanted if wanted in TEXTS else "en"


def texts_for(language: str, overrides: dict[str, str]) -> dict[str, str]:
    """Return every text in `language`, with the owner's overrides on top."""
    return TEXTS.get(language, TEXTS["en"]) | {k: v for k, v in overrides.items() if v}
