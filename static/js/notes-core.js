// Private notes: anchoring a selection by its quote (W3C TextQuoteSelector), highlighting it
// again, and talking to the server with an outbox that keeps what was written offline.

const CONTEXT = 32;
const OUTBOX_KEY = "kkr-notes-outbox";

// The text of some roots as one string, whitespace collapsed like the server does, with the
// text node and offset behind every character.
export function textIndex(roots) {
  const chars = [];
  const map = [];
  let lastSpace = true;
  const space = (node, offset) => {
    if (!lastSpace) {
      chars.push(" ");
      map.push({ node, offset });
      lastSpace = true;
    }
  };
  roots.forEach((root) => {
    space(null, 0);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.nodeName === "BR") space(null, 0);
        continue;
      }
      if (node.parentElement && node.parentElement.closest(".note-ui")) continue;
      const data = node.data;
      for (let i = 0; i < data.length; i += 1) {
        if (/\s/.test(data[i])) {
          space(node, i);
        } else {
          chars.push(data[i]);
          map.push({ node, offset: i });
          lastSpace = false;
        }
      }
    }
  });
  while (chars.length && chars[chars.length - 1] === " ") {
    chars.pop();
    map.pop();
  }
  return { text: chars.join(""), map };
}

// The quote of a selection range within the roots, or null when it is outside them.
export function quoteOf(range, roots) {
  const { text, map } = textIndex(roots);
  let start = -1;
  let end = -1;
  map.forEach((point, i) => {
    if (!point.node) return;
    const inside =
      range.comparePoint(point.node, point.offset) === 0 &&
      range.comparePoint(point.node, point.offset + 1) === 0;
    if (inside) {
      if (start < 0) start = i;
      end = i + 1;
    }
  });
  if (start < 0) return null;
  const exact = text.slice(start, end).trim();
  if (!exact) return null;
  return {
    exact,
    prefix: text.slice(Math.max(0, start - CONTEXT), start),
    suffix: text.slice(end, end + CONTEXT),
    position: start,
  };
}

function contextScore(text, start, end, note) {
  let score = 0;
  const before = text.slice(Math.max(0, start - note.prefix.length), start);
  const after = text.slice(end, end + note.suffix.length);
  for (let i = 1; i <= before.length && before[before.length - i] === note.prefix[note.prefix.length - i]; i += 1) score += 1;
  for (let i = 0; i < after.length && after[i] === note.suffix[i]; i += 1) score += 1;
  return score - Math.abs(start - (note.position || 0)) / (text.length + 1);
}

const COMPACT_SKIP = /[\s\-\u2010\u00ad]/;

// Where the note's quote is in the text: [start, end) or null. Exact with the best context,
// then ignoring whitespace (a PDF's text layer and pdftotext space words differently).
export function findQuote(text, note) {
  const exact = (note.exact || "").replace(/\s+/g, " ").trim();
  if (!exact) return null;
  let best = null;
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) {
    const score = contextScore(text, at, at + exact.length, note);
    if (!best || score > best.score) best = { start: at, end: at + exact.length, score };
  }
  if (best) return best;
  // Spaces and hyphens aside, as the server finds it (notes/anchoring.py): a word broken at a
  // line's end is "Nordjyl- land" here and may be "Nordjylland" in the note.
  const offsets = [];
  let compact = "";
  for (let i = 0; i < text.length; i += 1) {
    if (!COMPACT_SKIP.test(text[i])) {
      compact += text[i];
      offsets.push(i);
    }
  }
  const wanted = [...exact].filter((char) => !COMPACT_SKIP.test(char)).join("");
  const hit = wanted ? compact.indexOf(wanted) : -1;
  if (hit < 0) return null;
  return { start: offsets[hit], end: offsets[hit + wanted.length - 1] + 1, score: 0 };
}

// Wrap the characters [start, end) of an index in <mark> elements (one per text node): a note's
// (its uid), or a search's hit (no uid, another class).
export function highlight(index, start, end, uid, className = "note-mark") {
  const segments = new Map();
  for (let i = start; i < end; i += 1) {
    const point = index.map[i];
    if (!point || !point.node) continue;
    const seg = segments.get(point.node) || { first: point.offset, last: point.offset };
    seg.first = Math.min(seg.first, point.offset);
    seg.last = Math.max(seg.last, point.offset);
    segments.set(point.node, seg);
  }
  const marks = [];
  segments.forEach((seg, node) => {
    const range = document.createRange();
    range.setStart(node, seg.first);
    range.setEnd(node, seg.last + 1);
    const mark = document.createElement("mark");
    mark.className = className;
    if (uid) mark.dataset.note = uid;
    range.surroundContents(mark);
    marks.push(mark);
  });
  return marks;
}

// Mark every note whose quote is still found in the roots' text (the others show as unplaced).
export function markNotes(roots, notes) {
  notes.forEach((note) => {
    const index = textIndex(roots);
    const hit = findQuote(index.text, note);
    if (hit) highlight(index, hit.start, hit.end, note.uid);
  });
}

export function removeHighlights(root) {
  unwrapMarks(root, "mark.note-mark");
}

export function removeSearchHits(root) {
  unwrapMarks(root, "mark.search-hit");
}

function unwrapMarks(root, selector) {
  root.querySelectorAll(selector).forEach((mark) => {
    const parent = mark.parentNode;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    parent.normalize();
  });
}

// ---- the server, and the outbox for what could not be sent ----

function readOutbox() {
  try {
    return JSON.parse(localStorage.getItem(OUTBOX_KEY) || "[]");
  } catch (error) {
    return [];
  }
}

function writeOutbox(entries) {
  localStorage.setItem(OUTBOX_KEY, JSON.stringify(entries));
}

export function newUid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class NotesClient {
  constructor(config) {
    this.api = config.api;
    this.noteBase = config.noteBase;
    this.csrf = config.csrf;
    this.meeting = config.meeting;
  }

  async request(url, method, body) {
    const response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(data.error || response.statusText);
      error.refused = true; // the server answered: retrying will not help
      throw error;
    }
    return data;
  }

  pending() {
    return readOutbox().filter((entry) => entry.meeting === this.meeting);
  }

  async list() {
    let notes = [];
    try {
      const data = await this.request(this.api, "GET");
      notes = data.notes;
    } catch (error) {
      notes = [];
    }
    const byUid = new Map(notes.map((note) => [note.uid, note]));
    this.pending().forEach((entry) => {
      if (entry.kind === "create") byUid.set(entry.note.uid, { ...entry.note, pending: true });
      if (entry.kind === "update" && byUid.has(entry.uid)) {
        byUid.set(entry.uid, { ...byUid.get(entry.uid), body: entry.body, pending: true });
      }
      if (entry.kind === "delete") byUid.delete(entry.uid);
    });
    return Array.from(byUid.values());
  }

  queue(entry) {
    const entries = readOutbox();
    entries.push({ ...entry, meeting: this.meeting });
    writeOutbox(entries);
  }

  async create(note) {
    const full = { ...note, uid: newUid() };
    try {
      return await this.request(this.api, "POST", full);
    } catch (error) {
      if (error.refused) throw error;
      this.queue({ kind: "create", note: full });
      return { ...full, pending: true };
    }
  }

  async update(note, body) {
    try {
      return await this.request(`${this.noteBase}${note.uid}/`, "POST", {
        body,
        known_updated: note.updated,
      });
    } catch (error) {
      if (error.refused) throw error;
      this.queue({ kind: "update", uid: note.uid, body, known_updated: note.updated });
      return { ...note, body, pending: true };
    }
  }

  async remove(note) {
    try {
      return await this.request(`${this.noteBase}${note.uid}/`, "DELETE");
    } catch (error) {
      if (error.refused) throw error;
      this.queue({ kind: "delete", uid: note.uid });
      return { pending: true };
    }
  }

  // Send what was written offline; entries the server refuses are dropped with a message.
  async flush() {
    const entries = readOutbox();
    const left = [];
    let sent = 0;
    for (const entry of entries) {
      if (entry.meeting !== this.meeting) {
        left.push(entry);
        continue;
      }
      try {
        if (entry.kind === "create") await this.request(this.api, "POST", entry.note);
        if (entry.kind === "update") {
          await this.request(`${this.noteBase}${entry.uid}/`, "POST", {
            body: entry.body,
            known_updated: entry.known_updated,
          });
        }
        if (entry.kind === "delete") await this.request(`${this.noteBase}${entry.uid}/`, "DELETE");
        sent += 1;
      } catch (error) {
        if (!error.refused) left.push(entry);
      }
    }
    writeOutbox(left);
    return sent;
  }
}

export function readConfig(element) {
  return {
    api: element.dataset.api,
    noteBase: element.dataset.noteBase,
    csrf: element.dataset.csrf,
    meeting: element.dataset.meeting,
  };
}
