"""Who is who and who may do what: the role predicates. What each audience may see is decided
from these in meetings/visibility.py."""

import rules

SECRETARIAT = "secretariat"
COUNCIL_MEMBER = "council_member"
MUNICIPALITY = "municipality"
ROLE_GROUPS = (SECRETARIAT, COUNCIL_MEMBER, MUNICIPALITY)


def roles_of(user) -> frozenset[str]:
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_kkr_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
        if user.is_superuser:
            cached |= {SECRETARIAT}
        user._kkr_roles = cached
    return cached


@rules.predicate
def is_secretariat(user):
    return SECRETARIAT in roles_of(user)


@rules.predicate
def is_council_member(user):
    return COUNCIL_MEMBER in roles_of(user)


@rules.predicate
def is_municipality(user):
    return MUNICIPALITY in roles_of(user)


# Closed item texts, closed annexes and the members' bundle.
can_view_closed = is_secretariat | is_council_member


def role_label(user) -> str:
    for role in ROLE_GROUPS:
        if role in roles_of(user):
            return role
    return "anonymous"


rules.add_perm("meetings.view_closed", can_view_closed)
rules.add_perm("meetings.view_drafts", is_secretariat)


def secretariat_edits(app_label: str, models, actions=("view", "add", "change", "delete")):
    """The admin asks for Django's model permissions; the secretariat holds them, nobody else."""
    for model in models:
        for action in actions:
            rules.set_perm(f"{app_label}.{action}_{model}", is_secretariat)
    rules.set_perm(app_label, is_secretariat)


secretariat_edits(
    "meetings",
    (
        "body",
        "municipality",
        "person",
        "membership",
        "meeting",
        "agendasection",
        "agendaitem",
        "closurereason",
        "annex",
        "packageversion",
        "renderjob",
        "versiondocument",
        "attendance",
        "leave",
        "appointment",
        "itemproposal",
        "subscription",
        "notification",
    ),
)

# The secretariat manages logins (linking council members to their person) but not the roles.
secretariat_edits("auth", ("user",), actions=("view", "add", "change"))
secretariat_edits("auth", ("group",), actions=("view",))

# Login throttling records: the secretariat can see them and lift a lockout (delete the attempt).
secretariat_edits("axes", ("accessattempt", "accesslog", "accessfailurelog"), actions=("view",))
secretariat_edits("axes", ("accessattempt",), actions=("delete",))
