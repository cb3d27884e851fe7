"""Who may see and do what (DESIGN.md §4). Every view, queryset, download and the admin ask here."""

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

# The admin asks for Django's model permissions; the secretariat holds all of them, nobody else.
for _model in (
    "body",
    "municipality",
    "person",
    "membership",
    "meeting",
    "agendasection",
    "agendaitem",
    "annex",
    "packageversion",
    "renderjob",
    "versiondocument",
    "attendance",
    "leave",
    "appointment",
    "itemproposal",
    "subscription",
):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"meetings.{_action}_{_model}", is_secretariat)
rules.add_perm("meetings", is_secretariat)

# The secretariat manages logins (linking council members to their person) but not the roles.
for _action in ("view", "add", "change"):
    rules.add_perm(f"auth.{_action}_user", is_secretariat)
rules.add_perm("auth.view_group", is_secretariat)
rules.add_perm("auth", is_secretariat)

# Login throttling records: the secretariat can see them and lift a lockout (delete the attempt).
for _model in ("accessattempt", "accesslog", "accessfailurelog"):
    rules.add_perm(f"axes.view_{_model}", is_secretariat)
rules.add_perm("axes.delete_accessattempt", is_secretariat)
rules.add_perm("axes", is_secretariat)
