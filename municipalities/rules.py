"""Who may change a council's row: the secretariat every row, a municipality user their own
municipality's rows only."""

import rules

from meetings.rules import is_council_member, is_municipality, is_secretariat, secretariat_edits


def municipality_id_of(user) -> int | None:
    """The municipality a municipality login belongs to (through its person), or None."""
    if not is_municipality(user):
        return None
    person = getattr(user, "person", None)
    return person.municipality_id if person is not None else None


@rules.predicate
def is_own_municipality(user, treatment):
    own = municipality_id_of(user)
    return own is not None and treatment is not None and own == treatment.municipality_id


can_update_treatment = is_secretariat | is_own_municipality

rules.add_perm("municipalities.update_treatment", can_update_treatment)


@rules.predicate
def is_own_municipality_code(user, municipality):
    own = municipality_id_of(user)
    return own is not None and municipality is not None and own == municipality.pk


# A municipality's users fetch their own municipality's (public) pack; members and the
# secretariat any municipality's (members') pack.
can_download_pack = is_secretariat | is_council_member | is_own_municipality_code

secretariat_edits(
    "municipalities",
    ("councilreferral", "counciltreatment", "municipalitycontact", "municipalitypack"),
)
