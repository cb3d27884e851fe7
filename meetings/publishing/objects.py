"""PDF objects: attributes looked up as viewers do, numbers written as content streams want
them. Pure pikepdf, no Django."""

from decimal import Decimal

import pikepdf


def inherited(node, key):
    """An attribute of a page or a form field: its own, or the nearest one up its tree (the
    page tree's /Resources, /MediaBox, /CropBox and /Rotate; a field's /FT, /Ff, /V, /DA)."""
    depth = 0
    while isinstance(node, pikepdf.Dictionary) and depth < 64:
        if key in node:
            return node[key]
        node, depth = node.get("/Parent"), depth + 1
    return None


def content_streams(page) -> list:
    """A page's content streams (its /Contents is one stream or an array of them)."""
    contents = page.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    return [stream for stream in streams if isinstance(stream, pikepdf.Stream)]


def page_content(page) -> bytes:
    """A page's content, decoded, its streams joined as viewers join them."""
    return b"\n".join(stream.read_bytes() for stream in content_streams(page))


def number(value) -> str:
    """A number for a content stream: at most four decimals, no exponent, no trailing zeros."""
    return f"{Decimal(str(round(float(value), 4))).normalize():f}"
