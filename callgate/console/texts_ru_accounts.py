"""Russian texts of logging in, limits and lockouts, one-time links and pending links."""

ACCOUNTS: dict[str, str] = {
    "Too many attempts to log in. Try again in %(n)s minutes, at %(at)s UTC.": (
        "Слишком много попыток входа. Попробуйте снова через %(n)s мин., в %(at)s UTC."
    ),
    "Too many attempts to log in. Try again in a minute.": (
        "Слишком много попыток входа. Попробуйте снова через минуту."
    ),
    "The console is busy checking other logins. Try again in a moment.": (
        "Консоль занята проверкой других входов. Попробуйте снова через пару секунд."
    ),
    "Forgot your password? Any admin of this installation can make you a one-time password link.": (
        "Забыли пароль? Любой администратор этой установки может сделать вам одноразовую ссылку "
        "для нового пароля."
    ),
    "This link is damaged: open the console from its start.": (
        "Ссылка повреждена: откройте консоль с начальной страницы."
    ),
    "A page number is a whole number from 1 to 99999.": (
        "Номер страницы — целое число от 1 до 99999."
    ),
    "Choose a date from %(first)s to %(last)s.": "Выберите дату от %(first)s до %(last)s.",
    "Choose a role from the list.": "Выберите роль из списка.",
    "Choose a workspace from the list.": "Выберите рабочее пространство из списка.",
    # Turning the second factor off.
    "To turn it off, type your password or a current code from your app.": (
        "Чтобы выключить его, введите пароль или текущий код из приложения."
    ),
    "Type your password or a current code from your app to turn it off.": (
        "Чтобы выключить второй фактор, введите пароль или текущий код из приложения."
    ),
    "Your password": "Ваш пароль",
    "Or a code from your app": "Или код из приложения",
    # One-time links that no longer work.
    "This link does not work": "Эта ссылка не работает",
    "Go to the login": "Перейти ко входу",
    "This link is not known here. Check that it was copied whole.": (
        "Такая ссылка здесь неизвестна. Проверьте, что она скопирована целиком."
    ),
    "This link was already used. Log in with the password chosen then.": (
        "Эта ссылка уже использована. Войдите с паролем, выбранным тогда."
    ),
    "This link has expired. Ask an admin for a new one.": (
        "Срок действия ссылки истёк. Попросите у администратора новую."
    ),
    "A newer link was made for this person, so this one no longer works. "
    "Use the newest link, or ask an admin for a new one.": (
        "Для этого человека сделана более новая ссылка, поэтому эта больше не работает. "
        "Воспользуйтесь самой новой ссылкой или попросите у администратора новую."
    ),
    "An admin revoked this link. Ask an admin if you still need one.": (
        "Администратор отозвал эту ссылку. Если она всё ещё нужна, обратитесь к администратору."
    ),
    "The password was changed after this link was made, so it no longer works. "
    "Log in, or ask an admin for a new link.": (
        "После создания ссылки пароль был изменён, поэтому она больше не работает. "
        "Войдите или попросите у администратора новую ссылку."
    ),
    "The admin who made this link is no longer an active admin, so it no longer works. "
    "Ask another admin for a new one.": (
        "Администратор, сделавший эту ссылку, больше не действующий администратор, поэтому она "
        "не работает. Попросите новую у другого администратора."
    ),
    "There is already an account for this address. Log in instead.": (
        "Для этого адреса уже есть аккаунт. Просто войдите."
    ),
    # Pending links on the People page.
    "Pending links": "Ожидающие ссылки",
    "For": "Для",
    "Link": "Ссылка",
    "Made by": "Кто сделал",
    "Expires (UTC)": "Истекает (UTC)",
    "Revoke": "Отозвать",
    "invitation": "приглашение",
    "password link": "ссылка для пароля",
    "command line": "командная строка",
    "The link for %(email)s was revoked: it no longer works.": (
        "Ссылка для %(email)s отозвана и больше не работает."
    ),
    "The earlier invitation for %(email)s was replaced: only this new link works.": (
        "Прежнее приглашение для %(email)s заменено: работает только эта новая ссылка."
    ),
    "The earlier password link for %(email)s was replaced: only this new one works.": (
        "Прежняя ссылка для пароля %(email)s заменена: работает только эта новая."
    ),
}
