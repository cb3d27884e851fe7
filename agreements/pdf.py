"""The contract as a PDF annex, in the layout of the signed 2023 contract (seed 000)."""

from django.template.loader import render_to_string

from agreements.selectors import GOALS


def contract_pdf(contract) -> bytes:
    from agreements.models import Contract
    from meetings.publishing.layout import html_to_pdf

    contract = Contract.objects.prefetch_related("chapters", GOALS).get(pk=contract.pk)
    html = render_to_string("pdf/contract.html", {"contract": contract})
    return html_to_pdf(html)
