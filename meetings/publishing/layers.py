"""The annexes' layers (optional content: a drawing's dimensions, a map's themes, a report's
notes) in the bundle. A file says in its catalogue which layers there are and which are shown;
pages alone do not, so without this a layer its author hid is drawn in the bundle. Each annex's
layers keep the visibility their file gives them and are listed in the viewer's layer panel under
the annex's own title. Pure pikepdf and the PDF syntax, no Django."""

import pikepdf
from pikepdf import Array, Dictionary, Name


def _listed(value, source) -> list[bytes]:
    """The entries of an array of the file, as the output says them."""
    return [source.text(entry) for entry in value] if isinstance(value, Array) else []


def _groups(value) -> list:
    return [group for group in value if isinstance(group, Dictionary) and group.is_indirect]


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
        groups = _groups(properties.get("/OCGs", Array()))
        if not groups:
            return
        config = properties.get("/D")
        config = config if isinstance(config, Dictionary) else Dictionary()
        shown = {group.objgen for group in _groups(config.get("/ON", Array()))}
        off = {group.objgen for group in _groups(config.get("/OFF", Array()))}
        if config.get("/BaseState") == Name.OFF:
            off |= {group.objgen for group in groups if group.objgen not in shown}
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
