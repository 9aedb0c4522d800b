"""Russian texts of the pages that stay small however much data there is."""

SCALE: dict[str, str] = {
    "the %(n)s busiest of the last 30 days": "%(n)s самых активных за 30 дней",
    "all buttons": "все кнопки",
    "more than %(n)s": "более %(n)s",
    "Page %(n)s": "Страница %(n)s",
    "This page link is broken: start again from the first page.": (
        "Ссылка на страницу повреждена: начните с первой страницы."
    ),
    "Find a button": "Найти кнопку",
    "Took too long": "Слишком долго",
    "This page needed more than %(n)s seconds of database work and was stopped. "
    "Narrow it down (one button, fewer days) and try again.": (
        "Этой странице понадобилось больше %(n)s с работы базы данных, и она была остановлена. "
        "Сузьте выборку (одна кнопка, меньше дней) и попробуйте снова."
    ),
    "Name or id": "Название или id",
    "Find": "Найти",
    "Next buttons": "Следующие кнопки",
    "First buttons": "Первые кнопки",
    "No button matches “%(q)s”.": "Ни одна кнопка не подходит под «%(q)s».",
}
