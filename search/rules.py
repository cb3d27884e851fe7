import rules

from meetings.rules import is_secretariat

for _model in ("annextext", "unsearchableannex", "entry"):
    rules.add_perm(f"search.view_{_model}", is_secretariat)
rules.add_perm("search", is_secretariat)
