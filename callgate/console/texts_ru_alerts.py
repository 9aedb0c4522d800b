"""The console's alerts page in Russian."""

ALERTS: dict[str, str] = {
    "Alerts": "Оповещения",
    "Missed calls": "Пропущенные звонки",
    "Callback requests": "Просьбы перезвонить",
    "Daily budget used up": "Дневной бюджет израсходован",
    "Gateway unreachable": "Шлюз недоступен",
    "Webhook endpoint failing": "Адрес вебхука не принимает события",
    "Callgate tells you what needs a person: by e-mail, or in a chat through a Slack-compatible webhook or a Telegram bot. A digest sends at most one message of a kind in the interval you choose, with every alert in it. Visitors' phone numbers are masked unless you choose to send them whole.": (
        "Callgate сообщает о том, что требует внимания человека: по электронной почте или в "
        "чат через вебхук, совместимый со Slack, или бота Telegram. Сводка отправляет не больше "
        "одного сообщения каждого вида за выбранный промежуток, со всеми оповещениями в нём. "
        "Номера посетителей скрыты, если вы не решите отправлять их целиком."
    ),
    "The alert was added.": "Оповещение добавлено.",
    "The alert was removed, with whatever it still had to send.": (
        "Оповещение удалено вместе со всем, что оно ещё не отправило."
    ),
    "Sent to": "Куда",
    "Digest": "Сводка",
    "e-mail to %(who)s": "письмо для %(who)s",
    "at most one per %(n)s min": "не чаще раза в %(n)s мин",
    "each at once": "каждое сразу",
    "retrying": "повтор",
    "Remove": "Удалить",
    "No alerts yet: add one below.": "Оповещений пока нет: добавьте ниже.",
    "Add an alert": "Добавить оповещение",
    "E-mail alerts need an SMTP server: the operator sets CALLGATE_SMTP_HOST.": (
        "Для оповещений по почте нужен SMTP-сервер: оператор задаёт CALLGATE_SMTP_HOST."
    ),
    "Workspace": "Рабочее пространство",
    "Send to": "Отправлять",
    "E-mail to me (%(email)s)": "Письмом мне (%(email)s)",
    "E-mail to an address": "Письмом на адрес",
    "Slack-compatible webhook": "Вебхук, совместимый со Slack",
    "Telegram bot": "Бот Telegram",
    "E-mail address": "Адрес почты",
    "A shared mailbox, like sales@your-shop.example.": (
        "Общий ящик, например sales@your-shop.example."
    ),
    "Webhook URL": "Адрес вебхука",
    "https only; addresses inside your network are refused.": (
        "Только https; адреса внутри вашей сети не принимаются."
    ),
    "Telegram bot token": "Токен бота Telegram",
    "From @BotFather, like 123456:ABC…; kept encrypted.": (
        "От @BotFather, вида 123456:ABC…; хранится зашифрованным."
    ),
    "Telegram chat id": "Идентификатор чата Telegram",
    "The chat's number (-100…) or @channel.": "Номер чата (-100…) или @канал.",
    "Alert me about": "Сообщать о",
    "Digest interval (minutes)": "Промежуток сводки (минуты)",
    "0: each alert at once. Up to 1440.": "0: каждое оповещение сразу. До 1440.",
    "Send visitors' phone numbers whole": "Отправлять номера посетителей целиком",
    "Add alert": "Добавить оповещение",
}
