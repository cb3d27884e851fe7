"""Looking a PDF object's attributes up as viewers do. Pure pikepdf, no Django."""

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
