from meetings.rules import secretariat_edits

secretariat_edits("archive", ("importedpackage",), actions=("view", "add"))
