"""Read a rendered HTML form the way a browser would submit it, so admin tests post real data."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._select_value = None
        self._option_value = None
        self._textarea = None
        self._text = []

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
                return
            self._add(name, attrs.get("value", ""))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select:
            self._option_value = attrs.get("value", "")
            if "selected" in attrs:
                self._select_value = self._option_value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            self._add(self._select, self._select_value or "")
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).lstrip("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(html: str, form_id: str) -> dict:
    parser = _FormParser(form_id)
    parser.feed(html)
    data = {}
    for name, values in parser.data.items():
        if "__prefix__" in name or "-empty-" in name:
            continue
        data[name] = values if len(values) > 1 else values[0]
    return data
