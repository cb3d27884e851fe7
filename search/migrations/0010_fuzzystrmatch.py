# PostgreSQL's fuzzystrmatch (levenshtein) tells how far a misspelled word is from the words of
# the index (search/spelling.py); nothing to do on SQLite.

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0009_saved_search")]

    operations = [CreateExtension("fuzzystrmatch")]
