// The annex reader: every page drawn by pdf.js with its text layer (pdf-pages.js), so a
// selection on a page can be highlighted and given a private note, and the reader can find words.
import { highlight, markNotes, removeHighlights, removeSearchHits, textIndex } from "./notes-core.js";
import { noteActions, renderList, selectionButton, startClient, strings, writeNote } from "./notes-ui.js";
import { pdfPages } from "./pdf-pages.js";
import { readerNav } from "./reader-nav.js";

const viewer = document.getElementById("pdf-viewer");
const config = document.getElementById("notes-config");
const t = strings();
// A page's links are read when it first comes near the screen (reading every page's at once
// delayed the first page's drawing by a third).
let nav = null;
const { pages, layOut } = pdfPages(viewer, t.page, { nearFirst: (entry) => nav?.links(entry) });
let notes = [];
let client = null;

async function loadPdf() {
  const pdfjs = await import(viewer.dataset.pdfjs);
  pdfjs.GlobalWorkerOptions.workerSrc = viewer.dataset.worker;
  const response = await fetch(viewer.dataset.url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(response.statusText);
  const data = new Uint8Array(await response.arrayBuffer());
  return pdfjs.getDocument({
    data,
    isEvalSupported: false,
    standardFontDataUrl: viewer.dataset.fonts,
  }).promise.then((pdf) => ({ pdf, pdfjs }));
}

function markPages() {
  pages.forEach((entry, number) => {
    if (!entry) return;
    removeHighlights(entry.layer);
    const mine = notes.filter((n) => n.annex_uid === viewer.dataset.annex && n.page === number && n.status !== "unplaced");
    markNotes([entry.layer], mine);
    renderList(entry.list, mine, t, actions);
  });
}

// What a search found (`?fund=`, each as the text writes it), or what the reader looks for in
// the find box above the pages (as a browser's find: the words together), marked where it
// stands on the pages, case and line breaks aside.
const finder = document.getElementById("reader-find");
let hits = [];
let current = -1;
let marked = [];

// A word that goes on at the next line's start is found whole, as the search found it: the
// page's text is read as it stands, with a hyphen's line break closed ("KL-" "aftalen" is
// "kl-aftalen") and with the hyphen gone too ("Nordjyl-" "land" is "nordjylland"). `at` takes a
// place in a reading back to the text.
const LINE_HYPHENS = [/(?<=[-\u2010\u00ad]) /g, /[-\u2010\u00ad] /g];

function readings(text) {
  const all = [{ text, at: Array.from({ length: text.length }, (_, i) => i) }];
  if (!/[-\u2010\u00ad] /.test(text)) return all;
  LINE_HYPHENS.forEach((pattern) => {
    const at = [];
    let from = 0;
    const keep = (end) => {
      for (let i = from; i < end; i += 1) at.push(i);
    };
    for (const match of text.matchAll(pattern)) {
      keep(match.index);
      from = match.index + match[0].length;
    }
    keep(text.length);
    all.push({ text: at.map((i) => text[i]).join(""), at });
  });
  return all;
}

// Each hit is the marks it takes (one for each line it stands on), in the pages' order.
function markHits(phrases) {
  marked = phrases;
  hits = [];
  pages.forEach((entry) => {
    if (!entry) return;
    removeSearchHits(entry.layer);
    if (!phrases.length) return;
    const index = textIndex([entry.layer]);
    const found = [];
    readings(folded(index.text)).forEach(({ text, at }) => {
      phrases.forEach((phrase) => {
        for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + phrase.length)) found.push([at[i], at[i + phrase.length - 1] + 1]);
      });
    });
    // One mark where words overlap ("kommune" in "kommunerne"); from the last, as marking
    // splits a text node after the places still to be marked.
    const merged = [];
    found.sort((a, b) => a[0] - b[0]).forEach(([start, end]) => {
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    });
    const marks = merged.reverse().map(([start, end]) => highlight(index, start, end, "", "search-hit"));
    hits.push(...marks.reverse().filter((group) => group.length));
  });
  current = -1;
}

// Case, and the typographer's quotes and dashes, aside: "KL's" finds "KL’s" and "2022-2025"
// "2022–2025", as a reader types them (one character for one, so places stay the same).
function folded(text) {
  return text.toLocaleLowerCase("da").replace(/[‘’ʼ]/g, "'").replace(/[“”„]/g, '"').replace(/[‐‑‒–—]/g, "-");
}

function phrasesOf(texts) {
  return texts.map((text) => folded(text.replace(/\s+/g, " ").trim())).filter(Boolean);
}

function tell() {
  const status = document.getElementById("reader-find-status");
  if (!status) return;
  if (!hits.length) status.textContent = finder.elements.fund.value.trim() ? t.hitsNone : "";
  else if (current < 0) status.textContent = (hits.length === 1 ? t.hitOne : t.hitMany).replace("{n}", hits.length);
  else status.textContent = t.hitOf.replace("{i}", current + 1).replace("{n}", hits.length);
}

function showHit(at) {
  if (!hits.length) return;
  hits[current]?.forEach((mark) => mark.classList.remove("current"));
  current = (at + hits.length) % hits.length;
  hits[current].forEach((mark) => mark.classList.add("current"));
  hits[current][0].scrollIntoView({ block: "center" });
  tell();
}

function startFinder() {
  if (!finder) return;
  // Shown with the bar, usable once every page's text is read (a page kept on a device from
  // before the bar hides the form instead).
  finder.hidden = false;
  const fields = finder.querySelector("fieldset");
  if (fields) fields.disabled = false;
  finder.addEventListener("submit", (event) => {
    event.preventDefault();
    const phrases = phrasesOf([finder.elements.fund.value]);
    // The same again (or nothing, with the search's marks): on to the next, as a browser's
    // find does.
    if (hits.length && (!phrases.length || phrases.join("\n") === marked.join("\n"))) {
      showHit(current + 1);
      return;
    }
    markHits(phrases);
    const url = new URL(window.location.href);
    url.searchParams.delete("fund");
    phrases.forEach((phrase) => url.searchParams.append("fund", phrase));
    window.history.replaceState(null, "", url);
    if (hits.length) showHit(0);
    else tell();
  });
  finder.querySelectorAll("[data-step]").forEach((button) => {
    button.addEventListener("click", () => showHit(current + Number(button.dataset.step)));
  });
}

// The reader opens at the page in its address, at the first word found there.
const openedAt = window.location.hash.slice(1);

function openAtHit() {
  const target = openedAt ? document.getElementById(openedAt) : null;
  const first = target ? hits.findIndex((marks) => target.contains(marks[0])) : -1;
  if (first >= 0) showHit(first);
  tell();
}

async function refresh() {
  if (!client) return;
  notes = await client.list();
  markPages();
}

const actions = noteActions(t, () => client, refresh);

async function start() {
  const status = document.getElementById("pdf-status");
  try {
    const { pdf, pdfjs } = await loadPdf();
    nav = readerNav({ pdf, pages, t, annex: viewer.dataset.annex });
    // Every page has its place at once, and the reader can go to any (a link to page 70 goes
    // there); the text layers, which the find box and the notes read, follow.
    await layOut(pdfjs, pdf, () => {
      nav.start();
      status.textContent = "";
      const finding = document.getElementById("reader-find-status");
      if (finding) finding.textContent = t.readingText;
    });
    status.textContent = "";
  } catch (error) {
    status.textContent = t.loadFailed;
    return;
  }
  markHits(phrasesOf(new URLSearchParams(window.location.search).getAll("fund")));
  startFinder();
  viewer.dataset.ready = "true";
  if (!config) {
    openAtHit();
    return;
  }
  client = startClient(config, refresh);
  selectionButton(
    t,
    (node) => {
      const layer = (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement).closest(".textLayer");
      if (!layer) return null;
      const number = pages.findIndex((entry) => entry && entry.layer === layer);
      return number > 0 ? { roots: [layer], page: number } : null;
    },
    async ({ page, quote }) => {
      const fields = { page, item_number: viewer.dataset.item, annex_uid: viewer.dataset.annex };
      if (await writeNote(t, client, quote, fields)) await refresh();
    },
  );
  await refresh();
  openAtHit();
}

start();
