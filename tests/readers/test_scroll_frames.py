"""A wide table sits in a frame that scrolls sideways and can be reached by keyboard, so it never
widens the page on a phone; every page says so in the same words."""

import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation


class Frames(HTMLParser):
    """The scroll frames of a page, each with its attributes and whether it holds a table."""

    def __init__(self):
        super().__init__()
        self.frames, self._open = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div":
            is_frame = "table-scroll" in (attrs.get("class") or "").split()
            self._open.append(attrs if is_frame else None)
            if is_frame:
                self.frames.append({"attrs": attrs, "table": False})
        elif tag == "table" and any(self._open):
            self.frames[-1]["table"] = True

    def handle_endtag(self, tag):
        if tag == "div" and self._open:
            self._open.pop()


def frames_of(html: str) -> list[dict]:
    parser = Frames()
    parser.feed(html)
    return parser.frames


def render(source: str, **context) -> str:
    return Template("{% load reader %}" + source).render(Context(context))


def test_a_table_in_the_frame_is_a_keyboard_reachable_labelled_region():
    with translation.override("da"):
        (frame,) = frames_of(
            render("{% scrollable %}<table><tr><td>1</td></tr></table>{% endscrollable %}")
        )
    assert frame["table"]
    assert frame["attrs"] == {
        "class": "table-scroll",
        "tabindex": "0",
        "role": "region",
        "aria-label": "Tabel – kan rulles vandret",
    }


def test_the_frame_takes_its_own_label_escaped_and_can_open_at_the_last_columns():
    html = render(
        "{% scrollable label=name from_end=True %}<table></table>{% endscrollable %}",
        name='Mål <b>"1"</b>',
    )
    (frame,) = frames_of(html)
    assert frame["attrs"]["aria-label"] == 'Mål <b>"1"</b>'
    assert "data-scroll-end" in frame["attrs"]
    assert "<b>" not in html.replace("<table", "")


@pytest.mark.parametrize("options", ['"Målepunkter"', "title=x", "label=x extra"])
def test_a_misspelt_frame_is_a_template_error_not_a_silent_default(options):
    with pytest.raises(TemplateSyntaxError):
        render("{% scrollable " + options + " %}<table></table>{% endscrollable %}")


def test_the_label_follows_the_language():
    with translation.override("en"):
        (frame,) = frames_of(render("{% scrollable %}<table></table>{% endscrollable %}"))
    with translation.override("da"):
        (danish,) = frames_of(render("{% scrollable %}<table></table>{% endscrollable %}"))
    assert danish["attrs"]["aria-label"] == "Tabel – kan rulles vandret"
    assert frame["attrs"]["aria-label"] != danish["attrs"]["aria-label"]


def test_tables_in_an_items_text_get_the_same_frame():
    html = render(
        "{{ text|scrollable_tables }}", text="<p>Før</p><table><tr><td>x</td></tr></table>"
    )
    (frame,) = frames_of(html)
    assert frame["table"] and frame["attrs"]["role"] == "region"
    assert re.search(r"</table></div>$", html)


def test_the_meeting_plan_is_a_card_per_meeting_on_a_phone(package, client_for):
    """Few rows of several dates each: on a phone each meeting is a card whose dates say what
    they are (the header's words), instead of a table that scrolls sideways."""
    from django.urls import reverse
    from django.utils import timezone

    year = timezone.localtime(package["meeting"].start).year
    html = (
        client_for("anonymous").get(reverse("meetings:meeting_plan", args=[year])).content.decode()
    )
    assert not frames_of(html)
    assert '<table class="data-table stacked-table">' in html
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    row = re.search(r"<tbody>.*?</tbody>", html, re.S).group(0)
    assert re.search(r'<tr><th scope="row">', row)
    assert re.findall(r'<td data-label="([^"]+)">', row) == headers[1:]
