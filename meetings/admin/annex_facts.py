"""What other apps know about an annex file, shown beside it in the item page's annex table.
An app registers a function in its AppConfig.ready (compliance: the OCR state and the
accessibility check), so the meetings admin imports none of them."""

from collections.abc import Callable

from meetings.models import Annex

Provider = Callable[[Annex], list[str]]
_providers: list[Provider] = []


def provide(provider: Provider) -> Provider:
    """Register a function from an annex to short Danish lines for the secretariat."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def annex_facts(annex: Annex) -> list[str]:
    return [line for provider in _providers for line in provider(annex)]
