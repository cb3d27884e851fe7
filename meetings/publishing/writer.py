"""A PDF written object by object, from several opened files in turn. Each file's objects are
renumbered into the output as they are reached from its pages, written at once (stream data
copied as stored, never decoded), and the file can be closed before the next is opened: memory
holds one source at a time, however many and however large the others are. Pure pikepdf and
the PDF syntax, no Django."""

import hashlib
import re
import zlib
from collections import deque

import pikepdf

REFERENCE = re.compile(rb"(?<![\w.#])(\d+)\s+(\d+)\s+R(?![\w#])")
_STRING_DELIMITERS = re.compile(rb"[()\\]")


def _segments(text: bytes):
    """The text cut into (is_string, bytes): references are only looked for outside literal
    strings, where a title may read "see 3 0 R". Hex strings hold no R; names escape brackets."""
    position, length = 0, len(text)
    while position < length:
        start = text.find(b"(", position)
        if start < 0:
            yield False, text[position:]
            return
        yield False, text[position:start]
        depth, cursor = 0, start
        while cursor < length:
            match = _STRING_DELIMITERS.search(text, cursor)
            if match is None:
                cursor = length
                break
            char = match.group()
            cursor = match.end()
            if char == b"\\":
                cursor += 1
            elif char == b"(":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    break
        yield True, text[start:cursor]
        position = cursor


def _version(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d)\.(\d)", text.strip())
    return (int(match[1]), int(match[2])) if match else (1, 0)


class Source:
    """One opened file and the numbers its objects have in the output.

    `redirect` points references to an object elsewhere (another source's page, the output's own
    page tree) or to null (None); `take` gives an object its number and queues it to be written."""

    def __init__(self, writer: "PdfWriter", pdf: pikepdf.Pdf):
        self.writer, self.pdf = writer, pdf
        self.numbers: dict[tuple[int, int], int | None] = {}
        self.pending: deque = deque()
        # A reference as the file writes it ("12 0 R") → as the output does: most are met often.
        self.said: dict[bytes, bytes] = {}

    def redirect(self, objgen, number: int | None) -> None:
        self.numbers[objgen] = number
        self.said.clear()

    def take(self, objgen, number: int | None = None) -> int:
        if objgen in self.numbers:
            if self.numbers[objgen] is not None:
                return self.numbers[objgen]
            self.said.clear()
        number = number or self.writer.reserve()
        self.numbers[objgen] = number
        self.pending.append(objgen)
        return number

    def stand_in(self, number: int) -> pikepdf.Dictionary:
        """An object of this file that is written as a reference to the output's `number`."""
        obj = self.pdf.make_indirect(pikepdf.Dictionary())
        self.redirect(obj.objgen, number)
        return obj

    def redirect_page_tree(self, number: int) -> None:
        """Every node of the file's page tree becomes the output's; its catalogue is left out
        (pages are expected to hold their inherited attributes themselves)."""
        self.redirect(self.pdf.Root.objgen, None)
        nodes, seen = deque([self.pdf.Root.get("/Pages")]), set()
        while nodes:
            node = nodes.popleft()
            if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen:
                continue
            seen.add(node.objgen)
            if node.get("/Type") != pikepdf.Name.Page:
                self.redirect(node.objgen, number)
                nodes.extend(node.get("/Kids", []))

    def _renumber(self, text: bytes) -> bytes:
        said = self.said

        def number(match) -> bytes:
            reference = match[0]
            if reference not in said:
                objgen = (int(match[1]), int(match[2]))
                found = self.numbers[objgen] if objgen in self.numbers else self.take(objgen)
                said[reference] = b"null" if found is None else b"%d 0 R" % found
            return said[reference]

        if b"R" not in text:
            return text
        if b"(" not in text:  # no literal string to leave as it is
            return REFERENCE.sub(number, text)
        return b"".join(
            part if is_string else REFERENCE.sub(number, part)
            for is_string, part in _segments(text)
        )

    def text(self, obj) -> bytes:
        """An object of this file as the output says it: a reference to it if it is indirect
        (taken, to be written), else its own text with the references in it renumbered."""
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            found = self.numbers.get(obj.objgen, 0)
            return b"null" if found is None else b"%d 0 R" % (found or self.take(obj.objgen))
        if isinstance(obj, pikepdf.Object):
            return self._renumber(obj.unparse())
        return pikepdf.Array([obj]).unparse()[1:-1].strip()

    def write_pending(self) -> None:
        """Write every object taken so far and everything they refer to."""
        while self.pending:
            objgen = self.pending.popleft()
            obj = self.pdf.get_object(objgen)
            if isinstance(obj, pikepdf.Stream):
                data = obj.read_raw_bytes()
                obj.stream_dict.Length = len(data)
                head = self._renumber(obj.stream_dict.unparse(resolved=True))
                self.writer.write(self.numbers[objgen], head, data)
            elif isinstance(obj, pikepdf.Object):
                self.writer.write(self.numbers[objgen], self._renumber(obj.unparse(resolved=True)))
            else:  # a number, boolean or null, which pikepdf hands over as a Python value
                self.writer.write(
                    self.numbers[objgen], pikepdf.Array([obj]).unparse()[1:-1].strip()
                )


class PdfWriter:
    """The output file: stream objects as they come; the others gathered into compressed object
    streams (as qpdf saves them, so the bundle is no larger than its parts); then the
    cross-reference stream."""

    BATCH_OBJECTS = 200
    BATCH_BYTES = 1 << 20
    TREE_LEAF = 256

    def __init__(self, path: str, version: str = "1.7"):
        self.file = open(path, "wb")  # noqa: SIM115 - closed by close()
        # Where each object is: (1, offset, 0) in the file, (2, stream, index) in an object stream.
        self.entries: dict[int, tuple[int, int, int]] = {}
        self.batch: list[tuple[int, bytes]] = []
        self.batch_bytes = 0
        self.last = 0
        self.header = self.version = version
        self.digest = hashlib.md5(usedforsecurity=False)
        self.file.write(f"%PDF-{version}\n%\xe2\xe3\xcf\xd3\n".encode("latin-1"))

    def reserve(self) -> int:
        self.last += 1
        return self.last

    def source(self, pdf: pikepdf.Pdf) -> Source:
        """A file to write objects from; the output's version is the newest of its sources'."""
        if _version(pdf.pdf_version) > _version(self.version):
            self.version = pdf.pdf_version
        return Source(self, pdf)

    def tree(self, kind: bytes, entries: list[tuple[bytes, bytes]]) -> int:
        """A number or name tree (`kind` /Nums or /Names) of sorted (key, value) texts: leaves
        of at most TREE_LEAF entries under one root, made at once; returns the root's number."""
        root = self.reserve()
        if not entries:
            self.write(root, b"<< %s [ ] >>" % kind)
            return root
        leaves = []
        for start in range(0, len(entries), self.TREE_LEAF):
            chunk = entries[start : start + self.TREE_LEAF]
            leaf = self.reserve()
            pairs = b" ".join(b"%s %s" % pair for pair in chunk)
            self.write(
                leaf,
                b"<< /Limits [ %s %s ] %s [ %s ] >>" % (chunk[0][0], chunk[-1][0], kind, pairs),
            )
            leaves.append(b"%d 0 R" % leaf)
        self.write(root, b"<< /Kids [ %s ] >>" % b" ".join(leaves))
        return root

    def write(self, number: int, text: bytes, data: bytes | None = None) -> None:
        self.digest.update(text)
        if data is None:
            self.batch.append((number, text))
            self.batch_bytes += len(text)
            if len(self.batch) >= self.BATCH_OBJECTS or self.batch_bytes >= self.BATCH_BYTES:
                self._flush()
            return
        self._write_stream(number, text, data)

    def _write_stream(self, number: int, head: bytes, data: bytes) -> None:
        self.entries[number] = (1, self.file.tell(), 0)
        self.file.write(b"%d 0 obj\n%s\nstream\n" % (number, head))
        self.file.write(data)
        self.file.write(b"\nendstream\nendobj\n")

    def _flush(self) -> None:
        if not self.batch:
            return
        number = self.reserve()
        header, body, offset = [], [], 0
        for index, (member, text) in enumerate(self.batch):
            header.append(b"%d %d" % (member, offset))
            body.append(text)
            offset += len(text) + 1
            self.entries[member] = (2, number, index)
        first = b" ".join(header) + b"\n"
        data = zlib.compress(first + b"\n".join(body) + b"\n")
        head = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (
            len(self.batch),
            len(first),
            len(data),
        )
        self.batch, self.batch_bytes = [], 0
        self._write_stream(number, head, data)

    def finish(self, *, root: int, info: int | None) -> None:
        """Write null for any number reserved but never written, then the cross-reference
        stream, which is also the trailer."""
        self._flush()
        for number in range(1, self.last + 1):
            if number not in self.entries:
                self.write(number, b"null")
        self._flush()
        number = self.reserve()
        start = self.file.tell()
        self.entries[number] = (1, start, 0)
        width = max(4, (max(start, number).bit_length() + 7) // 8)
        rows = [b"\x00" + b"\x00" * width + b"\xff\xff"]
        rows.extend(
            bytes([kind]) + second.to_bytes(width, "big") + third.to_bytes(2, "big")
            for kind, second, third in (self.entries[n] for n in range(1, number + 1))
        )
        data = zlib.compress(b"".join(rows))
        identifier = self.digest.hexdigest().encode()
        head = (
            b"<< /Type /XRef /Size %d /W [1 %d 2] /Root %d 0 R /ID [<%s><%s>] "
            b"/Filter /FlateDecode /Length %d"
            % (number + 1, width, root, identifier, identifier, len(data))
        )
        if info is not None:
            head += b" /Info %d 0 R" % info
        self._write_stream(number, head + b" >>", data)
        self.file.write(b"startxref\n%d\n%%%%EOF\n" % start)

    def close(self) -> None:
        self.file.close()
