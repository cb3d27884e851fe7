"""The bundle's tags: one structure tree in which a screen reader meets the contents, then a part
per annex (titled "Bilag N: …", in the annex's language), opened by its divider's heading and
holding the annex's own tags, in the order of the pages.

Each file keeps its elements; what must change is where they hang and the keys of the parent tree
(the map from a page's marked content and annotations back to their elements), which every file
numbers from 0: a file's keys are moved past those already used. An annex without tags gets one
paragraph around each page's content (and an element for each annotation), so that its text is
read, not passed over as untagged content among tagged pages. Written as the annexes are (see
`writer.py`): what is kept between files is the parent tree's entries, as text."""

from collections import deque

import pikepdf
from pikepdf import Dictionary, Name

from meetings.publishing.objects import content_streams
from meetings.publishing.writer import PdfWriter, Source

# Annotations a tagged file names in its tree; a pop-up belongs to its parent annotation.
_ANNOTATION_ROLES = {Name.Link: b"/Link", Name.Widget: b"/Form"}


def _indirect_dictionary(obj) -> bool:
    return isinstance(obj, Dictionary) and obj.is_indirect


def _kids(element) -> list:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]


def _text(value) -> str | None:
    return str(value) if isinstance(value, pikepdf.String) else None


def root_of(pdf: pikepdf.Pdf):
    """The file's structure tree root, when it holds any element."""
    root = pdf.Root.get("/StructTreeRoot")
    if _indirect_dictionary(root) and any(isinstance(k, Dictionary) for k in _kids(root)):
        return root
    return None


def page_of(element, pages: dict) -> int | None:
    """The index of the first page an element's content is on."""
    queue, seen = [element], set()
    while queue:
        current = queue.pop(0)
        if not isinstance(current, Dictionary) or (current.is_indirect and current.objgen in seen):
            continue
        seen.add(current.objgen)
        page = current.get("/Pg")
        if isinstance(page, Dictionary) and page.objgen in pages:
            return pages[page.objgen]
        queue.extend(_kids(current))
    return None


def _elements(root):
    """Every element of a file's tree, each once."""
    stack, seen = _kids(root), set()
    while stack:
        element = stack.pop()
        if not isinstance(element, Dictionary) or "/S" not in element:
            continue  # marked content, or a reference to it or to an annotation
        if element.is_indirect:
            if element.objgen in seen:
                continue
            seen.add(element.objgen)
        yield element
        stack.extend(_kids(element))


def _renames(own: dict, merged: dict) -> dict:
    """A new name for each of a file's names (text, or bytes for IDs) that the bundle already
    gives another meaning: the name and a number ("Text body 2")."""
    renamed = {}
    for name, meaning in own.items():
        if name in merged and merged[name] != meaning:
            number = 2
            while (new := _numbered(name, number)) in merged or new in own:
                number += 1
            renamed[name] = new
    return renamed


def _numbered(name, number: int):
    return f"{name} {number}" if isinstance(name, str) else b"%s %d" % (name, number)


def _swap(value, renamed: dict, kind):
    """`value` (one Name or String of `kind`, or an array of them) with what `renamed` renames
    replaced; anything else as it is."""
    key = bytes if kind is pikepdf.String else str
    if isinstance(value, kind) and key(value) in renamed:
        return kind(renamed[key(value)])
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array(_swap(item, renamed, kind) for item in value)
    return value


class Structure:
    """The bundle's tree as it is written: the Document element (in the shell, see `bundle.py`),
    the parent tree's entries and the role and class maps gathered from every file."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.entries: list[tuple[int, bytes]] = []
        self.next_key = 0
        self.role_map: dict[str, Name] = {}
        self.class_map: dict[str, bytes] = {}
        self.marked: set[tuple[int, int]] = set()
        self.ids: dict[bytes, bytes] = {}
        self.namespaces: list[bytes] = []

    def content_marks(self, page) -> tuple[bytes, bytes]:
        """What the page's stamp puts around its content (see `stamp.py`): the paragraph
        `_tag_page` made for it, as marked content 0."""
        if page.obj.objgen in self.marked:
            return b"/P <</MCID 0>> BDC\n", b"\nEMC"
        return b"", b""

    def begin(self, shell: Source, front_pdf: pikepdf.Pdf, front_pages: int, parts) -> None:
        """The Document element: the contents' own elements, then a part per annex (`parts`: the
        numbers the parts are written under)."""
        self.shell = shell
        pdf = shell.pdf
        self.document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
        self.document_number = shell.take(self.document.objgen)
        kids, root = [], root_of(front_pdf)
        if root is not None:
            # Copied after the contents pages, so its references to them lead to the copies.
            contents = pdf.copy_foreign(root)
            kids, _language = self._adopt(
                shell, contents, pdf.pages[:front_pages], self.document_number
            )
        self.document.K = pikepdf.Array(kids + [self.shell.stand_in(number) for number in parts])

    def divider_heads(self, source: Source, parts) -> list[list[bytes]]:
        """Each divider page's elements, hung under its annex's part."""
        pdf, heads = source.pdf, [[] for _number in parts]
        root = root_of(pdf)
        if root is None:
            return heads
        kids, _language = self._adopt(source, root, pdf.pages, None)
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        parents = {}
        for kid in kids:
            at = page_of(kid, index)
            if at is None or not kid.is_indirect:
                continue
            if at not in parents:
                parents[at] = pdf.make_indirect(Dictionary())
                source.redirect(parents[at].objgen, parts[at])
            kid.P = parents[at]
            heads[at].append(source.text(kid))
        return heads

    def annex(self, source: Source, part: int) -> tuple[list[bytes], str | None]:
        """An annex's elements under its part, in the file's order, and its language: its own
        tags, and a paragraph for each page they leave out (all of them in a file without tags;
        a scanned page put into a tagged letter)."""
        pdf, root = source.pdf, root_of(source.pdf)
        kids, language = [], _text(pdf.Root.get("/Lang"))
        if root is not None:
            kids, language = self._adopt(source, root, pdf.pages, part)
        untagged = deque(
            (number, tagged)
            for number, page in enumerate(pdf.pages)
            if "/StructParents" not in page.obj
            and (tagged := self._tag_page(source, page, part)) is not None
        )
        # The file's own order is kept; a page it leaves out comes before the first element
        # on a later page.
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        placed = []
        for kid in kids:
            at = page_of(kid, index)
            while untagged and at is not None and untagged[0][0] < at:
                placed.append(untagged.popleft()[1])
            placed.append(source.text(kid))
        return placed + [tagged for _number, tagged in untagged], language

    def end(self) -> None:
        """The structure tree root, in the shell's catalogue, which is written last."""
        pdf = self.shell.pdf
        root = Dictionary(
            Type=Name.StructTreeRoot,
            K=self.document,
            ParentTree=self.shell.stand_in(self._write_parent_tree()),
            ParentTreeNextKey=self.next_key,
        )
        if self.role_map:
            root.RoleMap = Dictionary(self.role_map)
        if self.ids:
            ids = [
                (pikepdf.String(key).unparse(), value) for key, value in sorted(self.ids.items())
            ]
            root.IDTree = self.shell.stand_in(self.writer.tree(b"/Names", ids))
        if self.namespaces:
            number = self.writer.reserve()
            self.writer.write(number, b"[ %s ]" % b" ".join(self.namespaces))
            root.Namespaces = self.shell.stand_in(number)
        class_map = self._write_class_map()
        if class_map is not None:
            root.ClassMap = self.shell.stand_in(class_map)
        pdf.Root.StructTreeRoot = pdf.make_indirect(root)
        self.document.P = pdf.Root.StructTreeRoot
        pdf.Root.MarkInfo = Dictionary(Marked=True)

    def _key(self) -> int:
        self.next_key += 1
        return self.next_key - 1

    def _adopt(self, source: Source, root, pages, parent: int | None):
        """Take a file's tree under `parent` (None: the caller hangs its elements itself); returns
        its top elements (a lone Document element is left out, its children taken instead) and
        the language it states."""
        self._shift(source, root, pages)
        self._merge_names(source, root)
        self._keep_ids(source, root)
        namespaces = root.get("/Namespaces")  # PDF 2.0: the elements name theirs themselves
        if isinstance(namespaces, pikepdf.Array):
            self.namespaces.extend(source.text(namespace) for namespace in namespaces)
        source.redirect(root.objgen, parent)
        kids, language = _kids(root), source.pdf.Root.get("/Lang")
        lone = [kid for kid in kids if isinstance(kid, Dictionary)]
        if len(lone) == 1 and lone[0].get("/S") == Name.Document and lone[0].is_indirect:
            source.redirect(lone[0].objgen, parent)
            language = lone[0].get("/Lang", language)
            kids = _kids(lone[0])
        kids = [kid for kid in kids if isinstance(kid, Dictionary)]
        return kids, _text(language)

    def _merge_names(self, source: Source, root) -> None:
        """The file's own role names (LibreOffice's "Text body" → P) and attribute classes join
        the bundle's maps; where an earlier file gave the same name another meaning, this
        file's elements are given a name of their own, so that each file's elements keep the
        role and attributes their file gave them."""
        roles = {
            str(name): role
            for name, role in (root.get("/RoleMap") or Dictionary()).items()
            if isinstance(role, Name)
        }
        classes = {
            str(name): source.text(attributes)
            for name, attributes in (root.get("/ClassMap") or Dictionary()).items()
        }
        new_roles, new_classes = _renames(roles, self.role_map), _renames(classes, self.class_map)
        for name, role in roles.items():
            target = Name(new_roles[str(role)]) if str(role) in new_roles else role
            self.role_map.setdefault(new_roles.get(name, name), target)
        for name, attributes in classes.items():
            self.class_map.setdefault(new_classes.get(name, name), attributes)
        if not (new_roles or new_classes):
            return
        for element in _elements(root):
            element.S = _swap(element.S, new_roles, Name)
            if "/C" in element:
                element.C = _swap(element.C, new_classes, Name)

    def _keep_ids(self, source: Source, root) -> None:
        """The elements' IDs (a table cell names its header cells by them). Where an earlier
        file used the same ID, this file's element gets one of its own, and its cells name
        their headers by it: two files made by one tool number their IDs alike."""
        ids = root.get("/IDTree")
        if not isinstance(ids, Dictionary):
            return
        try:
            own = {
                bytes(pikepdf.String(key)): source.text(element)
                for key, element in pikepdf.NameTree(ids).items()
            }
        except (pikepdf.PdfError, TypeError, ValueError):
            return  # a broken ID tree: table cells lose their headers, nothing else
        renamed = _renames(own, self.ids)  # another file's element is another meaning
        for key, reference in own.items():
            self.ids.setdefault(renamed.get(key, key), reference)
        for element in _elements(root) if renamed else ():
            if "/ID" in element:
                element.ID = _swap(element.ID, renamed, pikepdf.String)
            attributes = element.get("/A")  # one attribute object, or an array of them
            for owner in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
                if isinstance(owner, Dictionary) and "/Headers" in owner:
                    owner.Headers = _swap(owner.Headers, renamed, pikepdf.String)

    def _shift(self, source: Source, root, pages) -> None:
        offset, highest, seen = self.next_key, -1, set()

        def shifted(holder, key):
            nonlocal highest
            value = holder.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                holder[key] = value + offset
                highest = max(highest, value)

        for page in pages:
            shifted(page.obj, "/StructParents")
            resources = page.obj.get("/Resources")
            xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
            holders = list(xobjects.values()) if isinstance(xobjects, Dictionary) else []
            annots = page.obj.get("/Annots")
            if isinstance(annots, pikepdf.Array) and len(annots):
                holders += list(annots)
                # The tab key goes from annotation to annotation in the order of the tags.
                page.obj.Tabs = Name.S
            for holder in holders:
                if not isinstance(holder, (Dictionary, pikepdf.Stream)) or holder.objgen in seen:
                    continue
                if holder.is_indirect:
                    seen.add(holder.objgen)
                shifted(holder, "/StructParents" if "/StructParents" in holder else "/StructParent")
        tree = root.get("/ParentTree")
        if isinstance(tree, Dictionary):
            try:
                for key, value in pikepdf.NumberTree(tree).items():
                    if key >= 0:
                        self.entries.append((key + offset, source.text(value)))
                        highest = max(highest, key)
            except (pikepdf.PdfError, TypeError, ValueError):
                pass  # a broken parent tree: lookups from content fail, the tags themselves stay
        self.next_key = offset + highest + 1

    def _tag_page(self, source: Source, page, parent: int) -> bytes | None:
        """One paragraph around an untagged page's content (marked when it is stamped, see
        `content_marks`), an element for each annotation; the paragraph's reference. None where
        the content has marked-content ids already (its tags were stripped, not its marks: ids
        may not nest), and the page stays as it is."""
        pdf = source.pdf
        try:
            if any(b"/MCID" in stream.read_bytes() for stream in content_streams(page.obj)):
                return None
        except pikepdf.PdfError:
            return None
        number, page_number = self.writer.reserve(), source.take(page.obj.objgen)
        self.marked.add(page.obj.objgen)
        page.obj.StructParents = key = self._key()
        self.entries.append((key, b"[ %d 0 R ]" % number))
        kids = [b"0"]
        annots = page.obj.get("/Annots")
        for position, annot in enumerate(annots if isinstance(annots, pikepdf.Array) else []):
            if not isinstance(annot, Dictionary) or annot.get("/Subtype") == Name.Popup:
                continue
            if not annot.is_indirect:  # an element can only point at an indirect annotation
                annot = annots[position] = pdf.make_indirect(annot)
            element = self.writer.reserve()
            annot.StructParent = annot_key = self._key()
            self.entries.append((annot_key, b"%d 0 R" % element))
            role = _ANNOTATION_ROLES.get(annot.get("/Subtype"), b"/Annot")
            self.writer.write(
                element,
                b"<< /Type /StructElem /S %s /P %d 0 R /Pg %d 0 R "
                b"/K << /Type /OBJR /Obj %d 0 R /Pg %d 0 R >> >>"
                % (role, number, page_number, source.take(annot.objgen), page_number),
            )
            kids.append(b"%d 0 R" % element)
            page.obj.Tabs = Name.S
        self.writer.write(
            number,
            b"<< /Type /StructElem /S /P /P %d 0 R /Pg %d 0 R /K [ %s ] >>"
            % (parent, page_number, b" ".join(kids)),
        )
        return b"%d 0 R" % number

    def part(self, number: int, title: str, language: str | None, kids) -> None:
        """An annex's part: its title, and its language where it is not the bundle's Danish."""
        language = (language or "").strip().replace("_", "-")
        stated = b""
        if language and not language.lower().startswith("da"):
            stated = b" /Lang %s" % pikepdf.String(language).unparse()
        self.writer.write(
            number,
            b"<< /Type /StructElem /S /Part /P %d 0 R /T %s%s /K [ %s ] >>"
            % (self.document_number, pikepdf.String(title).unparse(), stated, b" ".join(kids)),
        )

    def _write_parent_tree(self) -> int:
        return self.writer.tree(
            b"/Nums", [(b"%d" % key, value) for key, value in sorted(self.entries)]
        )

    def _write_class_map(self) -> int | None:
        if not self.class_map:
            return None
        number = self.writer.reserve()
        pairs = b" ".join(
            Name(name).unparse() + b" " + text for name, text in self.class_map.items()
        )
        self.writer.write(number, b"<< %s >>" % pairs)
        return number
