"""Who may take private notes: council members and the secretariat (DESIGN.md §4: a member's
notes are visible to their author only, so nobody has a permission on someone else's)."""

import rules

from meetings.rules import is_council_member, is_secretariat

may_take_notes = is_secretariat | is_council_member

rules.add_perm("notes.take_notes", may_take_notes)
