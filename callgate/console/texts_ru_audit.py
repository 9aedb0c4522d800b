"""In Russian: the audit page (filters, actions, who acted, reasons, fields) and what a call's
page says came from the visitor."""

AUDIT: dict[str, str] = {
    # The page and its filters.
    "Every decision Callgate made, and why; every change to the configuration, and who made it.": (
        "Каждое решение Callgate и его причина; каждое изменение настроек и кто его сделал."
    ),
    "Kind": "Вид",
    "changes": "изменения",
    "decisions": "решения",
    "Who": "Кто",
    "anyone": "все",
    "changed (not shown)": "изменён (не показывается)",
    "set (not shown)": "задан (не показывается)",
    "Reason or change": "Причина или изменение",
    "command line": "командная строка",
    "API key %(name)s": "API-ключ %(name)s",
    "on": "вкл.",
    "off": "выкл.",
    # Actions.
    "Call token": "Токен звонка",
    "Connect": "Подключение",
    "Hang-up": "Завершение",
    "Callback request": "Просьба перезвонить",
    "Login": "Вход",
    "Button created": "Кнопка создана",
    "Button changed": "Кнопка изменена",
    "Identity secret": "Секрет проверки клиентов",
    "Button deleted": "Кнопка удалена",
    "API key created": "API-ключ создан",
    "API key revoked": "API-ключ отозван",
    "API request": "Запрос API",
    "Account": "Учётная запись",
    "Erasure": "Стирание данных",
    # Fields a change names.
    "Enabled": "Включена",
    "Disabled": "Отключён",
    "Keypad (DTMF)": "Клавиатура (DTMF)",
    "Relay-only calls (TURN)": "Звонки только через ретранслятор (TURN)",
    "Token limits": "Лимиты токенов",
    "Microphone check": "Проверка микрофона",
    "Rating after the call": "Оценка после звонка",
    "Kill switch for every button": "Аварийный стоп для всех кнопок",
    "Installation admin": "Администратор установки",
    # A call's page: what came from the visitor.
    "From the visitor": "От посетителя",
    "Rating": "Оценка",
    "%(n)s of 5": "%(n)s из 5",
    "not given": "не поставлена",
    "Issues the visitor ticked": "Отмеченные проблемы",
    "Notice accepted": "Принятое уведомление",
    "Accepted at": "Когда принято",
    "Call quality": "Качество звонка",
    "none": "нет",
    "round trip %(n)s ms": "задержка %(n)s мс",
    "jitter %(n)s ms": "джиттер %(n)s мс",
    "loss %(n)s %%": "потери %(n)s %%",
    "reconnects: %(n)s": "переподключений: %(n)s",
    "echo": "эхо",
    "choppy audio": "прерывистый звук",
    "one-way audio": "звук в одну сторону",
    "call dropped": "звонок оборвался",
    "good": "хорошее",
    "fair": "среднее",
    "poor": "плохое",
    "Only admins can do this. Ask an admin if you need the admin role.": (
        "Это доступно только администраторам. Если вам это нужно, попросите администратора "
        "дать вам роль администратора."
    ),
    # Lists: filters and pages.
    "“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2026-12-31.": (
        "«%(value)s» — не дата: пишите ГГГГ-ММ-ДД, например 2026-12-31."
    ),
    "Correct the dates of the filter to see the entries.": (
        "Исправьте даты в фильтре, чтобы увидеть записи."
    ),
    "Page %(n)s is past the end: the last page is %(m)s.": (
        "Страницы %(n)s нет: последняя страница — %(m)s."
    ),
    "Go to the last page": "Перейти на последнюю страницу",
    # A button just made: closed until it opens.
    "outside its opening hours (%(hours)s, %(zone)s)": ("вне часов работы (%(hours)s, %(zone)s)"),
    "It takes no calls now, %(why)s, and no opening is scheduled.": (
        "Сейчас она не принимает звонки: %(why)s, и открытие не запланировано."
    ),
    "It takes no calls until it opens: it is closed now, %(why)s. It opens on %(day)s, %(date)s at %(time)s (%(zone)s).": (
        "Она не принимает звонки, пока не откроется: сейчас закрыто, %(why)s. "
        "Откроется: %(day)s, %(date)s в %(time)s (%(zone)s)."
    ),
    "Change the hours": "Изменить часы работы",
    "Monday": "понедельник",
    "Tuesday": "вторник",
    "Wednesday": "среда",
    "Thursday": "четверг",
    "Friday": "пятница",
    "Saturday": "суббота",
    "Sunday": "воскресенье",
    "The preview shows the default for what cannot be used yet:": (
        "Предпросмотр показывает значение по умолчанию для того, что пока нельзя использовать:"
    ),
}
