"""The OCR state, the accessibility check and the hidden layers of one annex, as short lines for
the secretariat's annex table on the item page (registered with the meetings admin at start-up)."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from compliance import guard
from compliance.models import AnnexAccessibility, AnnexOcr
from search.models import AnnexText


def annex_admin_facts(sender, annex, **kwargs) -> list[str]:
    """OCR state first (only for scans), then the accessibility check of what readers get, then
    the layers its author turned off (they go out with the file)."""
    if not annex.sha256:
        return []
    lines = []
    text = AnnexText.objects.filter(sha256=annex.sha256).first()
    ocr = AnnexOcr.objects.filter(sha256=annex.sha256).first()
    if ocr is None:
        if text is not None and text.pages_with_text < text.pages:
            lines.append(_("Venter på OCR"))
    elif ocr.state == AnnexOcr.State.DONE:
        lines.append(
            _("Tekst fra OCR (%(pages)s af %(total)s sider)")
            % {"pages": ocr.pages_with_text, "total": ocr.pages}
        )
    elif ocr.state == AnnexOcr.State.FAILED:
        lines.append(_("OCR: kunne ikke læses") + (f" – {ocr.error}" if ocr.error else ""))
    else:
        lines.append(capfirst(ocr.get_state_display()))
    checked = AnnexAccessibility.objects.filter(sha256=annex.sha256).first()
    if checked is None:
        lines.append(_("Tilgængelighed: ikke kontrolleret endnu"))
    elif checked.problems:
        lines.append(_("Tilgængelighed: %(problems)s") % {"problems": ", ".join(checked.problems)})
    else:
        lines.append(_("Tilgængelighed: i orden"))
    hidden = guard.hidden_layers(annex, text)
    if hidden:
        lines.append(
            _("Lag slået fra: %(layers)s (følger med filen)") % {"layers": guard.layer_list(hidden)}
        )
    return lines
