"""Read a page's form the way a browser submits it untouched: its fields' initial values."""

from __future__ import annotations

from html.parser import HTMLParser

#: Inputs a browser submits with their value (checkboxes only when checked, buttons never).
VALUED = {"text", "hidden", "password", "color", "url", "email", "date", "number", "tel", ""}


class _FormReader(HTMLParser):
    """Collect the fields of the form with id `form_id`, in document order."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, {}
        self.select: str | None = None
        self.first_option: str | None = None
        self.area: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "")
            if kind in VALUED:
                self.fields[a["name"]] = a.get("value", "")
            elif kind == "checkbox" and "checked" in a:
                self.fields[a["name"]] = a.get("value", "on")
        elif tag == "select" and a.get("name"):
            self.select, self.first_option = a["name"], None
        elif tag == "option" and self.select:
            value = a.get("value", "")
            self.first_option = value if self.first_option is None else self.first_option
            if "selected" in a:
                self.fields[self.select] = value
        elif tag == "textarea" and a.get("name"):
            self.area = a["name"]
            self.fields[self.area] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            self.fields.setdefault(self.select, self.first_option or "")
            self.select = None
        elif tag == "textarea" and self.area:
            # A line break right after <textarea> is not part of its value, as HTML says.
            self.fields[self.area] = self.fields[self.area].removeprefix("\n")
            self.area = None

    def handle_data(self, data: str) -> None:
        if self.area:
            self.fields[self.area] += data


def untouched(html: str, form_id: str) -> dict[str, str]:
    """Return what submitting the form `form_id` of `html` unchanged would send."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.fields
