"""From a frozen version to the readers' PDFs, in the order it happens:

1. `jobs`: a render job is queued when a version is published, claimed by one worker, and runs;
   each finished document is streamed into storage and only then made visible.
2. `layout`: WeasyPrint lays out the agenda, the minutes, the bundle's contents and dividers.
3. `bundle`: pikepdf joins the annexes into the bundle on disk, with links, bookmarks and stamps
   (`stamp`).
4. `bounded` + `inspector` + `safety`: every annex is read in a child process with memory and time
   limits; a reader's copy keeps form values, links and bookmarks and loses active content.
5. `cache`: derived files (laid-out pages, readers' copies) reused between renders.
6. `dispatch`: sending tasks after commit, tolerating a broker that is down.
"""
