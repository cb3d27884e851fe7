"""Cached reader pages for logged-in readers (council members, municipalities, anyone with a
session): the page of their audience is kept whole, with a marker where each personal part goes
(the parts templates mark with `{% personal %}`: the reader's name and logout form, their
messages, their apologies and deadlines, their notes). A request then renders only its own parts
and puts them in; the page around them costs no query and no template.

The page is kept under the meeting's token (meetings/frozen.py), so whatever drops the anonymous
page drops this one too, and under the audience, so one audience is never given another's page.
Nothing personal is ever kept: the parts are rendered for each request, from its own user and
session. A page asked for with a query string is rendered in full, as it reflects the query."""

import pickle
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.template.loader import get_template, render_to_string

from meetings import frozen

MARKER = "<!--personal-{}-->"


@dataclass
class Recorder:
    """Given to the template as `personal_shell`: each personal part leaves its marker."""

    marker: str = field(default_factory=lambda: MARKER.format(uuid.uuid4().hex))
    slots: list[str] = field(default_factory=list)

    def slot(self, template_name: str) -> str:
        self.slots.append(template_name)
        return self.marker


@dataclass
class PersonalShell:
    frozen_page: frozen.FrozenPage

    @classmethod
    def for_page(cls, frozen_page: frozen.FrozenPage | None) -> "PersonalShell | None":
        """Only for a page the frozen pages would serve, that is not answered whole."""
        if frozen_page is None or frozen_page.whole or not frozen_page.token:
            return None
        request = frozen_page.request
        if request.method not in ("GET", "HEAD") or request.GET:
            return None
        return cls(frozen_page)

    @property
    def key(self) -> str:
        return self.frozen_page.page_key("shell")

    def answer(self, personal: Callable[[object], dict]) -> HttpResponse | None:
        """The kept page with this request's parts in it, or None. `personal` gets what the page
        kept for its parts (the `keep` of `render`) and returns the context they are rendered
        with."""
        entry = frozen.entry_get(self.key)
        if entry is None:
            return None
        return self._respond(entry, personal(pickle.loads(entry["keep"])))

    def render(self, template_name: str, context: dict, *, until, keep=None) -> HttpResponse:
        """Render the page for the audience, keep it until `until` with `keep` (what its parts
        need on a later request: no personal data), and answer with this request's parts."""
        recorder = Recorder()
        page = render_to_string(
            template_name, {**context, "personal_shell": recorder}, self.frozen_page.request
        )
        parts = page.split(recorder.marker)
        if len(parts) != len(recorder.slots) + 1:
            raise ValueError("a personal part's marker is in the page's own text")
        entry = {
            "parts": parts,
            "slots": recorder.slots,
            "keep": pickle.dumps(keep),
            "fresh_until": until.timestamp(),
        }
        return self._respond(frozen.entry_set(self.key, entry), context)

    def _respond(self, entry: dict, context: dict) -> HttpResponse:
        request = self.frozen_page.request
        parts = entry["parts"]
        html = [parts[0]]
        for slot, after in zip(entry["slots"], parts[1:], strict=True):
            html.append(get_template(slot).render(context, request))
            html.append(after)
        return HttpResponse("".join(html))
