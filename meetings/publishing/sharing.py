"""One object where a file holds many identical ones. Files put together from other files (a case
system's export of many letters, slides that each carry the logo, a report merged from chapters)
often hold the same font or image once per page; a reader's copy keeps one of each. The copy
gets smaller, and so does the work of putting it into a bundle. Pure pikepdf, no Django."""

import hashlib

import pikepdf

# Keys that point back up the tree or into the structure tree: an object holding them is tied
# to its place and is never shared.
TIED = ("/Parent", "/P", "/StructParent", "/StructParents")
MAX_DEPTH = 30


class _Tied(Exception):
    """The object (or one it refers to) must stay where it is."""


def _digest(obj, memo: dict, depth: int = 0) -> bytes:
    """A hash of an object and of everything it refers to."""
    indirect = isinstance(obj, pikepdf.Object) and obj.is_indirect
    if indirect:
        if obj.objgen in memo:
            if memo[obj.objgen] is None:  # a loop
                raise _Tied
            return memo[obj.objgen]
        memo[obj.objgen] = None
    if depth > MAX_DEPTH:
        raise _Tied
    digest = hashlib.sha256()
    if isinstance(obj, pikepdf.Stream | pikepdf.Dictionary):
        if any(key in obj for key in TIED):
            raise _Tied
        if isinstance(obj, pikepdf.Stream):
            digest.update(b"stream")
            digest.update(obj.read_raw_bytes())
        digest.update(b"dict")
        for key in sorted(obj.keys()):
            if key != "/Length":
                digest.update(key.encode())
                digest.update(_digest(obj[key], memo, depth + 1))
    elif isinstance(obj, pikepdf.Array):
        digest.update(b"array")
        for value in obj:
            digest.update(_digest(value, memo, depth + 1))
    elif isinstance(obj, pikepdf.Object):
        digest.update(obj.unparse())
    else:  # numbers, booleans and null come as Python values
        digest.update(repr(obj).encode())
    found = digest.digest()
    if indirect:
        memo[obj.objgen] = found
    return found


def _looks(value) -> tuple:
    """What two identical objects must have in common, cheap to read: only objects that look
    alike are compared by content. As the file has them: a font's name need not be UTF-8."""
    return tuple(
        _unparsed(value.get(key)) for key in ("/Subtype", "/BaseFont", "/Length", "/Width")
    )


def _unparsed(obj) -> bytes:
    return obj.unparse() if isinstance(obj, pikepdf.Object) else repr(obj).encode()


def share_identical_resources(pdf: pikepdf.Pdf) -> int:
    """Point every page's fonts and XObjects at one object per identical kind (in place);
    returns how many references now share. The copies left behind are not saved."""
    uses, alike = [], {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        for kind in ("/Font", "/XObject"):
            group = resources.get(kind)
            if not isinstance(group, pikepdf.Dictionary):
                continue
            for name in list(group.keys()):
                value = group[name]
                if isinstance(value, pikepdf.Object) and value.is_indirect:
                    looks = _looks(value)
                    uses.append((group, name, value, looks))
                    alike.setdefault(looks, set()).add(value.objgen)
    memo, first, shared = {}, {}, 0
    for group, name, value, looks in uses:
        if len(alike[looks]) < 2:
            continue
        try:
            kept = first.setdefault(_digest(value, memo), value)
        except _Tied:
            continue
        if kept.objgen != value.objgen:
            group[name] = kept
            shared += 1
    return shared
