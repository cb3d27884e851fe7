"""The visibility rule is written once (meetings/visibility.py): no other module may filter on
publication status, closed flags, withdrawn versions or draft status. Read from the source with
`ast`, so a new restatement fails here before it can drift from the rule."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULE_MODULE = Path("meetings/visibility.py")

# Lookups that decide visibility: `status=` only with a publication value (render jobs and
# attendance have statuses of their own), the rest with any value.
STATUS_VALUES = {"published", "draft", "approved", "signed"}
VISIBILITY_FIELDS = {"closed", "withdrawn_at", "withdrawn_by", "includes_decisions", "published"}
QUERY_CALLS = {"filter", "exclude", "get", "Q", "get_object_or_404", "get_list_or_404"}

# Modules that may look at these fields for another reason than deciding what a reader sees.
ALLOWED = {
    # Services check a precondition of a state change (publish minutes only after the agenda;
    # approve only a draft) on the row they change; nothing they read leaves the portal.
    "meetings/services.py",
    "agreements/services.py",
    "budgets/services.py",
}
NOT_SCANNED_DIRS = {".venv", "node_modules", "tests", "bench", "scripts", "migrations", "var"}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if NOT_SCANNED_DIRS & set(relative.parts) or relative.parts[0].startswith("."):
            continue
        if relative == RULE_MODULE or str(relative) in ALLOWED:
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _value_names(node) -> set[str]:
    """Constants and attribute names in a lookup value: "approved", Status.APPROVED, (…)."""
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            names.add(sub.value.lower())
        elif isinstance(sub, ast.Attribute):
            names.add(sub.attr.lower())
    return names


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def visibility_lookups(tree) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _call_name(node) not in QUERY_CALLS:
            continue
        for keyword in node.keywords:
            if keyword.arg is None:
                continue
            parts = keyword.arg.split("__")
            if VISIBILITY_FIELDS & set(parts) or (
                "status" in parts and STATUS_VALUES & _value_names(keyword.value)
            ):
                found.append((node.lineno, keyword.arg))
    return found


def test_no_module_but_the_visibility_module_filters_on_visibility():
    offenders = [
        f"{path}:{line} {lookup}"
        for path, tree in _sources()
        for line, lookup in visibility_lookups(tree)
    ]
    assert offenders == [], "ask meetings/visibility.py instead: " + ", ".join(offenders)


def test_the_scan_sees_a_restated_rule():
    """The scan itself can fail: each way of restating the rule is caught."""
    restated = ast.parse(
        "Meeting.objects.filter(status=Meeting.Status.PUBLISHED)\n"
        "PackageVersion.objects.filter(meeting__status='published')\n"
        "Contract.objects.exclude(status__in=('approved', 'signed'))\n"
        "items.filter(closed=False)\n"
        "Q(withdrawn_at__isnull=True)\n"
        "RenderJob.objects.filter(status=RenderJob.Status.QUEUED)\n"
    )
    assert [line for line, _lookup in visibility_lookups(restated)] == [1, 2, 3, 4, 5]


def test_the_rule_module_itself_holds_the_lookups():
    tree = ast.parse((ROOT / RULE_MODULE).read_text(encoding="utf-8"))
    lookups = {lookup for _line, lookup in visibility_lookups(tree)}
    assert {"withdrawn_at__isnull", "status__in", "status"} <= lookups
