"""The leak scan reads an answer as its receiver does: a marker a JSON escape, a feed's escaped
HTML or the search's marks split is still found."""

import json

from django.http import HttpResponse, JsonResponse

from tests.leakscan import leaked

MARKERS = ["KLADDEMØDE", "Fortroligt notat"]


def test_a_json_escape_hides_no_marker():
    response = JsonResponse({"title": "KLADDEMØDE"})
    assert "KLADDEM\\u00d8DE" in response.content.decode()
    assert leaked(response, MARKERS) == ["KLADDEMØDE"]


def test_escaped_html_inside_a_feed_hides_no_marker():
    response = HttpResponse(
        "<feed><summary>&lt;p&gt;Fortroligt&amp;nbsp;notat&lt;/p&gt;</summary>"
        "<title>KLADDEM&amp;#216;DE</title></feed>",
        content_type="application/atom+xml",
    )
    assert leaked(response, MARKERS) == ["KLADDEMØDE"]
    response = HttpResponse("<summary>&lt;p&gt;Fortroligt notat&lt;/p&gt;</summary>")
    assert leaked(response, MARKERS) == ["Fortroligt notat"]


def test_the_search_s_marks_hide_no_marker():
    response = HttpResponse('<p class="snippet"><mark>Fortroligt</mark> notat om KLADDE</p>')
    assert leaked(response, MARKERS) == ["Fortroligt notat"]
    feed = HttpResponse(
        "<summary>&lt;mark&gt;Fortroligt&lt;/mark&gt; notat</summary>",
        content_type="application/atom+xml",
    )
    assert leaked(feed, MARKERS) == ["Fortroligt notat"]
    assert leaked(HttpResponse(json.dumps({"ok": "nothing"})), MARKERS) == []
