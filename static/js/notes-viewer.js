// The annex reader: every page drawn by pdf.js with its text layer, so a selection on a page
// can be highlighted and given a private note.
import { highlight, markNotes, removeHighlights, removeSearchHits, textIndex } from "./notes-core.js";
import { element, noteActions, renderList, selectionButton, startClient, strings, writeNote } from "./notes-ui.js";

const viewer = document.getElementById("pdf-viewer");
const config = document.getElementById("notes-config");
const t = strings();
const pages = [];
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

// Every page is laid out at once, with its text layer (the find box and the notes read every
// page), and drawn only near the screen: a 100-page annex drawn whole at an iPad's two device
// pixels holds 1.4 GB of canvas, and Safari draws no more than about 384 MB for all its tabs.
// The pages seen longest ago give their canvas back (bench/reader_bench.py).
const DRAWN_AT_MOST = 8;
const drawnOrder = []; // the pages drawn, the most recently near the screen last
const near = new Set();
const nearScreen = new IntersectionObserver(
  (changes) => {
    changes.forEach((change) => {
      const number = Number(change.target.dataset.page);
      if (!change.isIntersecting) {
        near.delete(number);
        return;
      }
      near.add(number);
      draw(number);
    });
  },
  { rootMargin: "100% 0px" },
);

// The pages are as wide as the reader (900 px at most), and as wide again when it turns: an
// iPad turned from landscape to portrait shows the whole page, no sideways scrolling.
function pageViewport(page) {
  const width = Math.min(viewer.clientWidth || 800, 900);
  return page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
}

function fit(entry) {
  const { sheet, canvas, viewport } = entry;
  sheet.style.width = `${viewport.width}px`;
  sheet.style.height = `${viewport.height}px`;
  sheet.style.setProperty("--scale-factor", viewport.scale);
  canvas.style.width = `${viewport.width}px`;
  canvas.style.height = `${viewport.height}px`;
}

async function layOut(pdfjs, pdf, number) {
  const page = await pdf.getPage(number);
  const viewport = pageViewport(page);
  const section = element("section", { class: "pdf-page", id: `side-${number}`, "aria-label": `${t.page} ${number}` });
  section.dataset.page = number;
  const sheet = element("div", { class: "pdf-sheet" });
  const canvas = element("canvas", { "aria-hidden": "true" });
  canvas.width = 0;
  canvas.height = 0;
  const layer = element("div", { class: "textLayer" });
  sheet.append(canvas, layer);
  const heading = element("h2", { class: "pdf-page-number" }, `${t.page} ${number}`);
  const list = element("div", { class: "notes-for note-ui" });
  section.append(heading, sheet, list);
  const entry = { section, sheet, layer, list, page, viewport, canvas, task: null, ratio: 0 };
  fit(entry);
  viewer.append(section);
  entry.textLayer = new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: layer, viewport });
  await entry.textLayer.render();
  pages[number] = entry;
  nearScreen.observe(section);
}

// Turned, the pages take the new width, the page read stays where it was on the screen, and the
// drawn pages are drawn again at the new size.
function refit() {
  const width = Math.min(viewer.clientWidth || 800, 900);
  if (!pages.some((entry) => entry && Math.abs(entry.viewport.width - width) > 1)) return;
  const reading = pages.find((entry) => entry && entry.section.getBoundingClientRect().bottom > 0);
  const share = reading ? -reading.section.getBoundingClientRect().top / reading.section.offsetHeight : 0;
  pages.forEach((entry) => {
    if (!entry) return;
    entry.viewport = pageViewport(entry.page);
    fit(entry);
    entry.textLayer.update({ viewport: entry.viewport });
    if (entry.ratio || entry.task) {
      entry.ratio = 0;
      paint(entry, sharpness(entry.viewport, 1));
    }
  });
  if (reading) window.scrollBy(0, reading.section.getBoundingClientRect().top + share * reading.section.offsetHeight);
}

let refitLater = null;
window.addEventListener("resize", () => {
  clearTimeout(refitLater);
  refitLater = setTimeout(refit, 200);
});

function draw(number, zoom = 1) {
  const entry = pages[number];
  if (!entry) return;
  const at = drawnOrder.indexOf(number);
  if (at >= 0) drawnOrder.splice(at, 1);
  drawnOrder.push(number);
  const ratio = sharpness(entry.viewport, zoom);
  if (entry.ratio !== ratio && entry.task?.ratio !== ratio) paint(entry, ratio);
  // The pages seen longest ago give theirs back; those near the screen keep it.
  const away = drawnOrder.filter((drawn) => !near.has(drawn));
  while (drawnOrder.length > DRAWN_AT_MOST && away.length) release(away.shift());
}

// Pinch-zoomed, the pages under the reader's eyes are drawn again at the zoom (up to 3 times),
// so the text stays sharp, and no canvas over 12 million pixels (Safari refuses more than 16.7);
// the other pages keep the screen's resolution.
const MAX_ZOOM = 3;
const MAX_CANVAS_PIXELS = 12_000_000;

function sharpness(viewport, zoom) {
  const wanted = (window.devicePixelRatio || 1) * Math.min(Math.max(zoom, 1), MAX_ZOOM);
  return Math.min(wanted, Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)));
}

// Drawn on a canvas of its own, which takes the old one's place when it is done: a page drawn
// again sharper stays on the screen meanwhile.
function paint(entry, ratio) {
  entry.task?.cancel();
  const { viewport } = entry;
  const canvas = element("canvas", { "aria-hidden": "true" });
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${viewport.width}px`;
  canvas.style.height = `${viewport.height}px`;
  const task = entry.page.render({ canvasContext: canvas.getContext("2d"), viewport, transform: [ratio, 0, 0, ratio, 0, 0] });
  task.ratio = ratio;
  entry.task = task;
  task.promise.then(
    () => {
      if (entry.task !== task) return; // given up: the page was released or drawn otherwise
      entry.task = null;
      canvas.dataset.drawn = "true";
      entry.canvas.replaceWith(canvas);
      entry.canvas.width = 0;
      entry.canvas.height = 0;
      entry.canvas = canvas;
      entry.ratio = ratio;
    },
    () => {
      if (entry.task === task) entry.task = null;
    },
  );
}

function release(number) {
  const entry = pages[number];
  drawnOrder.splice(drawnOrder.indexOf(number), 1);
  entry.task?.cancel();
  entry.task = null;
  entry.canvas.width = 0;
  entry.canvas.height = 0;
  delete entry.canvas.dataset.drawn;
  entry.ratio = 0;
  entry.page.cleanup();
}

function sharpen() {
  const seen = window.visualViewport;
  [...drawnOrder].forEach((number) => {
    const box = pages[number].section.getBoundingClientRect();
    const underEyes = box.bottom > seen.offsetTop && box.top < seen.offsetTop + seen.height;
    draw(number, underEyes ? seen.scale : 1);
  });
}

let sharpenLater = null;
["resize", "scroll"].forEach((event) =>
  window.visualViewport?.addEventListener(event, () => {
    clearTimeout(sharpenLater);
    sharpenLater = setTimeout(sharpen, 250);
  }),
);

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
  finder.hidden = false;
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
function openAtHit() {
  const target = window.location.hash ? document.querySelector(window.location.hash) : null;
  const first = target ? hits.findIndex((marks) => target.contains(marks[0])) : -1;
  if (first >= 0) showHit(first);
  else target?.scrollIntoView();
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
    // A link to a page shows it as soon as it is laid out; the rest follow below it.
    const target = window.location.hash.match(/^#side-(\d+)$/);
    for (let number = 1; number <= pdf.numPages; number += 1) {
      await layOut(pdfjs, pdf, number);
      if (target && Number(target[1]) === number) pages[number].section.scrollIntoView();
    }
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
