"""Russian texts of where calls came from: the call log's page and campaign filters and the
overview's by-page and by-campaign tables."""

SOURCES: dict[str, str] = {
    "Campaign": "Кампания",
    "Origin · page": "Источник · страница",
    "Calls from this page": "Звонки с этой страницы",
    "Calls of this campaign": "Звонки этой кампании",
    "Give the path of a page, like /pricing.": "Укажите путь страницы, например /pricing.",
    "By page": "По страницам",
    "By campaign": "По кампаниям",
    "Source / medium": "Источник / канал",
    "No call has said its page yet: the button sends it with each call.": (
        "Ни один звонок ещё не сообщил страницу: кнопка передаёт её с каждым звонком."
    ),
    "No call came from a page address with utm_source or utm_campaign.": (
        "Ни один звонок не пришёл с адреса страницы с utm_source или utm_campaign."
    ),
}
