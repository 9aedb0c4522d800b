"""Russian texts of the console's routes page and of what the phone system got with a call."""

ROUTES: dict[str, str] = {
    "5 to 120; empty: the phone system's own.": "От 5 до 120; пусто — как настроено в телефонной системе.",
    "Add a route": "Добавить маршрут",
    "Add route": "Добавить маршрут",
    "Ask the visitor's name": "Спрашивать имя посетителя",
    "Caller context": "Сведения о звонящем",
    "Consent to the notice": "Согласие с уведомлением",
    "Empty: the button's hours. Like mon-fri 09:00-18:00, in the button's time zone.": "Пусто — часы кнопки. Например mon-fri 09:00-18:00, в часовом поясе кнопки.",
    "Label in Russian": "Название по-русски",
    "Label": "Название",
    "No routes: calls go to the button's callee.": "Маршрутов нет: звонки идут на номер кнопки.",
    "Nothing was saved:": "Ничего не сохранено:",
    "Overflow to": "Переадресация на",
    "Own hours": "Свои часы",
    "Page": "Страница",
    "Recording flag": "Признак записи",
    "Remove": "Удалить",
    "Remove %(label)s": "Удалить %(label)s",
    "Ring time (seconds)": "Время вызова (секунды)",
    "Ring time": "Время вызова",
    "Route": "Маршрут",
    "Routes and caller context of “%(name)s”": "Маршруты и сведения о звонящем «%(name)s»",
    "Routes": "Маршруты",
    "Save": "Сохранить",
    "Tell the phone system about recording consent": "Сообщать телефонной системе о согласии на запись",
    "Visitor's name": "Имя посетителя",
    "What the phone system got": "Что получила телефонная система",
    "With two or more routes the visitor picks one before the call (Sales, Support). Without routes the button calls its own callee.": "Если маршрутов два или больше, посетитель выбирает один перед звонком (Продажи, Поддержка). Без маршрутов кнопка звонит на свой номер.",
    "X-Callgate-Record: yes only if the visitor accepted the notice": "X-Callgate-Record: yes, только если посетитель принял уведомление",
    "given": "дано",
    "no": "нет",
    "not sent": "не передаётся",
    "optional": "необязательно",
    "required": "обязательно",
    "the button's": "часы кнопки",
    "Verified customer": "Проверенный клиент",
    "%(sub)s ✓ verified": "%(sub)s ✓ проверен",
    "not verified: %(why)s": "не проверен: %(why)s",
    "Edit the route “%(label)s”": "Изменить маршрут «%(label)s»",
    "Edit %(label)s": "Изменить %(label)s",
    "Save route": "Сохранить маршрут",
    "Your site's server signs who the logged-in visitor is with this secret (the tag's data-identity); such calls reach the phone as X-Callgate-Customer: <id>;verified.": (
        "Сервер вашего сайта подписывает этим секретом, кто вошедший посетитель (атрибут "
        "data-identity тега); такие звонки приходят на телефон с X-Callgate-Customer: "
        "<id>;verified."
    ),
    "Copy the new secret now: it is not shown here again.": (
        "Скопируйте новый секрет сейчас: здесь он больше не будет показан."
    ),
    "The previous one stays valid until the next change, so your servers can move over.": (
        "Предыдущий действует до следующей замены, чтобы ваши серверы успели перейти."
    ),
    "New secret": "Новый секрет",
    "The newest secret was made on %(when)s UTC.": "Последний секрет создан %(when)s UTC.",
    "No secret yet: calls cannot be verified.": "Секрета ещё нет: звонки нельзя проверить.",
    "Make a new secret": "Создать новый секрет",
    "Make a secret": "Создать секрет",
    "Verified customers": "Проверенные клиенты",
}
