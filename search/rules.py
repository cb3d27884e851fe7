from meetings.rules import secretariat_edits

secretariat_edits("search", ("annextext", "unsearchableannex", "entry"), actions=("view",))
secretariat_edits("search", ("abbreviation",))
