"""Layers (optional content: a drawing's dimensions, a map's themes, a report's notes). A file
says in its catalogue which layers there are and which are shown; pages alone do not.

In the bundle (`Layers`), each annex's layers keep the visibility their file gives them and are
listed in the viewer's layer panel under the annex's own title; without it, a layer its author hid
is drawn. For a tool that draws every layer (Ghostscript, making a PDF/A copy),
`drop_hidden_layers` takes out what the file's own view hides. What a hidden layer holds is still
in the file, for any reader to show: `show_every_layer` lets the text extraction (search, the
personal-data guard) read it. Pure pikepdf, no Django."""

import pikepdf
from pikepdf import Array, Dictionary, Name

from meetings.publishing.objects import inherited


def _listed(value, source) -> list[bytes]:
    """The entries of an array of the file, as the output says them."""
    return [source.text(entry) for entry in value] if isinstance(value, Array) else []


def _groups(value) -> list:
    return [group for group in value if isinstance(group, Dictionary) and group.is_indirect]


def _hidden(properties) -> tuple[list, set, Dictionary]:
    """A file's layers, which of them its default view hides (by objgen), and that view."""
    groups = _groups(properties.get("/OCGs", Array()))
    config = properties.get("/D")
    config = config if isinstance(config, Dictionary) else Dictionary()
    shown = {group.objgen for group in _groups(config.get("/ON", Array()))}
    off = {group.objgen for group in _groups(config.get("/OFF", Array()))}
    if config.get("/BaseState") == Name.OFF:
        off |= {group.objgen for group in groups if group.objgen not in shown}
    return groups, off, config


class Layers:
    def __init__(self, writer):
        self.writer = writer
        self.groups: list[bytes] = []
        self.hidden: list[bytes] = []
        self.order: list[bytes] = []
        self.radio: list[bytes] = []
        self.locked: list[bytes] = []
        self.usage: list[bytes] = []

    def annex(self, source, title: str) -> None:
        """Take an annex's layers (`source`, a `writer.Source`, before its pages are written)."""
        properties = source.pdf.Root.get("/OCProperties")
        if not isinstance(properties, Dictionary):
            return
        groups, off, config = _hidden(properties)
        if not groups:
            return
        self.groups += [source.text(group) for group in groups]
        self.hidden += [source.text(group) for group in groups if group.objgen in off]
        order = _listed(config.get("/Order"), source) or [source.text(g) for g in groups]
        heading = pikepdf.String(title).unparse()
        self.order.append(b"[ %s %s ]" % (heading, b" ".join(order)))
        self.radio += _listed(config.get("/RBGroups"), source)
        self.locked += _listed(config.get("/Locked"), source)
        self.usage += _listed(config.get("/AS"), source)

    def finish(self, shell) -> None:
        """Put the layers into the bundle's catalogue (the shell's, a `writer.Source`)."""
        if not self.groups:
            return
        config = b"<< /Name (Bilagssamling) /BaseState /ON /OFF [ %s ] /Order [ %s ]" % (
            b" ".join(self.hidden),
            b" ".join(self.order),
        )
        for key, entries in ((b"RBGroups", self.radio), (b"Locked", self.locked)):
            if entries:
                config += b" /%s [ %s ]" % (key, b" ".join(entries))
        if self.usage:
            config += b" /AS [ %s ]" % b" ".join(self.usage)
        number = self.writer.reserve()
        self.writer.write(number, b"<< /OCGs [ %s ] /D %s >> >>" % (b" ".join(self.groups), config))
        shell.pdf.Root.OCProperties = shell.stand_in(number)


def _hides(entry, hidden: set) -> bool:
    """Whether an /OC entry, a layer or a membership of layers (with its policy: any or all of
    them on or off), is hidden in the default view."""
    if not isinstance(entry, Dictionary):
        return False
    if entry.get("/Type") != Name.OCMD:
        return entry.is_indirect and entry.objgen in hidden
    members = entry.get("/OCGs")
    members = [members] if isinstance(members, Dictionary) else _groups(members or Array())
    if not members:
        return False
    on = [member.objgen not in hidden for member in members]
    policy = str(entry.get("/P", Name.AnyOn))
    shown = {"/AllOn": all(on), "/AnyOff": not all(on), "/AllOff": not any(on)}
    return not shown.get(policy, any(on))


def _visible(instructions, resources, hidden: set, done: set) -> tuple[list, bool]:
    """The instructions of a content stream without the hidden layers' marked content and
    drawings; forms drawn are cleared of theirs in place. Returns them and whether any went."""
    resources = resources if isinstance(resources, Dictionary) else Dictionary()
    properties = resources.get("/Properties", Dictionary())
    xobjects = resources.get("/XObject", Dictionary())
    kept, skipping, changed = [], 0, False
    for instruction in instructions:
        operator, operands = str(instruction.operator), instruction.operands
        if skipping:
            skipping += {"BDC": 1, "BMC": 1, "EMC": -1}.get(operator, 0)
            continue
        if operator == "BDC" and len(operands) == 2 and operands[0] == Name.OC:
            entry = operands[1]
            if isinstance(entry, Name) and isinstance(properties, Dictionary):
                entry = properties.get(entry)
            if _hides(entry, hidden):
                skipping, changed = 1, True
                continue
        if operator == "Do" and operands and isinstance(xobjects, Dictionary):
            drawn = xobjects.get(operands[0])
            if isinstance(drawn, pikepdf.Stream):
                if _hides(drawn.get("/OC"), hidden):
                    changed = True
                    continue
                if drawn.get("/Subtype") == Name.Form:
                    _clear_form(drawn, hidden, done)
        kept.append(instruction)
    return kept, changed


def _clear_form(form, hidden: set, done: set) -> None:
    if form.objgen in done:
        return
    done.add(form.objgen)
    kept, changed = _visible(
        pikepdf.parse_content_stream(form), form.get("/Resources"), hidden, done
    )
    if changed:
        form.write(pikepdf.unparse_content_stream(kept))


def drop_hidden_layers(pdf: pikepdf.Pdf) -> bool:
    """Take out of every page what the file's default view hides (in place): content marked as
    a hidden layer's, forms and annotations that belong to one. The catalogue then lists no
    layers, as what is left is all shown. Returns whether the file had hidden layers."""
    properties = pdf.Root.get("/OCProperties")
    if not isinstance(properties, Dictionary):
        return False
    hidden = _hidden(properties)[1]
    if not hidden:
        return False
    del pdf.Root["/OCProperties"]
    done: set = set()
    for page in pdf.pages:
        kept, changed = _visible(
            pikepdf.parse_content_stream(page), inherited(page.obj, "/Resources"), hidden, done
        )
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        annots = page.obj.get("/Annots")
        if isinstance(annots, Array):
            page.obj.Annots = Array(
                [
                    a
                    for a in annots
                    if not (isinstance(a, Dictionary) and _hides(a.get("/OC"), hidden))
                ]
            )
    return True


def hidden_layer_names(pdf: pikepdf.Pdf) -> list[str]:
    """The names of the layers the file's default view hides, as its author named them."""
    properties = pdf.Root.get("/OCProperties")
    if not isinstance(properties, Dictionary):
        return []
    groups, hidden, _config = _hidden(properties)
    names = [group.get("/Name") for group in groups if group.objgen in hidden]
    return [str(name) if isinstance(name, pikepdf.String) else "–" for name in names]


def show_every_layer(pdf: pikepdf.Pdf) -> bool:
    """Show every layer (in place; the file then lists none), as a reader who turns the hidden
    ones on sees it. Returns whether any was hidden."""
    if not hidden_layer_names(pdf):
        return False
    del pdf.Root["/OCProperties"]
    return True
