// Notes on the meeting page: highlight text in an item and write a private note; each annex
// gets a link to the reader, where notes are written on its pages.
import { markNotes, removeHighlights } from "./notes-core.js";
import { element, noteActions, renderList, selectionButton, startClient, strings, writeNote } from "./notes-ui.js";

const config = document.getElementById("notes-config");
const t = strings();
const articles = Array.from(document.querySelectorAll("article.item"));
let notes = [];

function itemNumber(article) {
  return article.id.replace(/^punkt-/, "");
}

function rootsOf(article) {
  return Array.from(article.querySelectorAll(".richtext"));
}

function listFor(article) {
  let box = article.querySelector(":scope > .notes-for");
  if (!box) {
    box = element("div", { class: "notes-for note-ui" });
    article.append(box);
  }
  return box;
}

const client = startClient(config, refresh);

async function refresh() {
  notes = await client.list();
  articles.forEach((article) => {
    const roots = rootsOf(article);
    roots.forEach(removeHighlights);
    const mine = notes.filter((n) => !n.annex_uid && n.item_number === itemNumber(article) && n.status !== "unplaced");
    markNotes(roots, mine);
    renderList(listFor(article), mine, t, actions);
    annexLinks(article);
  });
}

function annexLinks(article) {
  article.querySelectorAll(".annexes > li > a[href*='/bilag/']").forEach((link) => {
    const match = link.getAttribute("href").match(/\/bilag\/([0-9a-f-]{36})\//);
    if (!match) return;
    let reader = link.parentElement.querySelector(".note-reader-link");
    if (!reader) {
      reader = element("a", { class: "note-reader-link note-ui", href: `${config.dataset.readerBase}${match[1]}/` });
      link.parentElement.append(" ", reader);
    }
    const count = notes.filter((n) => n.annex_uid === match[1]).length;
    reader.textContent = count ? `${t.readWithNotes} (${count})` : t.readWithNotes;
  });
}

const actions = noteActions(t, () => client, refresh);

selectionButton(
  t,
  (node) => {
    const article = (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement).closest("article.item");
    if (!article) return null;
    const roots = rootsOf(article);
    if (!roots.some((root) => root.contains(node) || node.contains(root))) return null;
    return { article, roots };
  },
  async ({ article, quote }) => {
    if (await writeNote(t, client, quote, { item_number: itemNumber(article) })) await refresh();
  },
);

refresh();
