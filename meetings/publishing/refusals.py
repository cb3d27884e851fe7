"""The Danish words for each reason an annex is refused or cannot be used."""

from django.utils.translation import gettext as _

from meetings.text import format_bytes


def refusal_message(code: str, params: dict) -> str:
    """One sentence for the secretariat: what is wrong with the file and what to do."""
    again = _("Gem eller eksportér den igen, og prøv så igen.")
    if code == "encrypted":
        return _(
            "PDF-filen er krypteret eller beskyttet med adgangskode og kan ikke samles i "
            "bilagssamlingen. Gem den uden beskyttelse, og prøv igen."
        )
    if code == "no_pages":
        return _("PDF-filen har ingen sider; den er beskadiget eller ufuldstændig.")
    if code == "pages":
        return _(
            "PDF-filen har %(count)s sider; et bilag må højst have %(limit)s sider. "
            "Del den i flere bilag."
        ) % {"count": _number(params["count"]), "limit": _number(params["limit"])}
    if code == "rotate":
        return _(
            "En side i PDF-filen er drejet %(rotate)s grader; kun hele kvarte omgange "
            "(0, 90, 180 eller 270 grader) kan vises. %(again)s"
        ) % {"rotate": params["rotate"], "again": again}
    if code == "stream_size":
        return _(
            "PDF-filen indeholder en side, der fylder over %(limit)s, når den pakkes ud "
            "(grænsen for én side). %(again)s"
        ) % {"limit": format_bytes(params["limit"]), "again": again}
    if code == "total_size":
        return _(
            "PDF-filens sider fylder tilsammen over %(limit)s, når de pakkes ud "
            "(grænsen for et bilag). %(again)s"
        ) % {"limit": format_bytes(params["limit"]), "again": again}
    if code == "image_size":
        return _(
            "PDF-filen indeholder et billede på over %(limit)s megapixel (grænsen for billeder). "
            "Gem den med lavere opløsning, og prøv igen."
        ) % {"limit": _number(params["limit"] // 1_000_000)}
    if code == "loop":
        return _(
            "PDF-filen henviser i ring til sig selv (en side tegner sig selv) og kan ikke vises. "
            "%(again)s"
        ) % {"again": again}
    if code == "memory":
        return _(
            "PDF-filen kræver mere end %(limit)s hukommelse at læse (grænsen for kontrol af "
            "bilag). %(again)s"
        ) % {"limit": format_bytes(params.get("limit", 0)), "again": again}
    if code == "time":
        return _(
            "PDF-filen tager mere end %(seconds)s sekunder at læse (grænsen for kontrol af "
            "bilag). %(again)s"
        ) % {"seconds": params.get("seconds", 0), "again": again}
    return _("PDF-filen kan ikke læses; den er beskadiget eller ufuldstændig. %(again)s") % {
        "again": again
    }


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")
