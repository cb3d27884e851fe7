"""What the meetings app announces to apps that build on it (search, notifications), so that it
never has to know them. Sent explicitly by the services, after commit."""

from django.dispatch import Signal

annex_stored = Signal()  # kwargs: annex_id
version_published = Signal()  # kwargs: version_id
versions_changed = Signal()  # kwargs: meeting_id; a version was withdrawn or deleted

# What the meetings app asks them; each receiver connected in an AppConfig.ready answers, and the
# sender reads the answers that `send` returns.
# kwargs: sha256s, checksums of uploads; answer: {sha256: a better file for its readers}
# (meetings.publishing.reader_source.ReaderSource: the OCR copy of a scan), for those that have one.
reader_source_wanted = Signal()
# kwargs: annex; answer: short Danish lines for the secretariat, beside the file in the item's
# annex table (the OCR state, the accessibility check).
annex_facts_wanted = Signal()
# kwargs: item; answer: [(text, url), …], the secretariat's further steps for the item, beside
# the item's own tools on its page (sending its decision to the municipal councils).
item_tools_wanted = Signal()
# kwargs: meeting_id; answer: {item id: [(text, url), …]}, links readers follow from an item of
# the meeting (where its decision is followed through the municipal councils). Kept pages hold
# them: whoever answers forgets the meeting's pages when an answer changes.
item_links_wanted = Signal()
# no kwargs; answer: a meetings.dashboard.Section (or None), a kind of the secretariat's
# work for its start page (the municipal councils' deadlines, readers' requests).
secretariat_work_wanted = Signal()
# kwargs: released (meetings.stored_files.Released); a delete let go of these files: forget your
# rows about them, answer the stored names of the files you made from them, for deleting.
files_released = Signal()
# kwargs: needed (checksums of the annex files remaining rows name), before (end of the grace
# period); answer the stored names of files you made before then from files no longer needed,
# having forgotten their rows.
files_swept = Signal()
