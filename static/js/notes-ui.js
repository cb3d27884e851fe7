// The pieces of the notes interface shared by the meeting page and the annex reader: the
// "write a note" button for a selection, the note dialog and the lists of notes.
import { NotesClient, quoteOf, readConfig } from "./notes-core.js";

export function strings() {
  const element = document.getElementById("notes-strings");
  return element ? JSON.parse(element.textContent) : {};
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
  if (text) node.textContent = text;
  return node;
}

export { element };

// One dialog for writing and editing; resolves with the note's text, or null when cancelled.
export function noteDialog(t) {
  let dialog = document.getElementById("note-dialog");
  if (!dialog) {
    dialog = element("dialog", { id: "note-dialog", class: "note-dialog note-ui", "aria-labelledby": "note-dialog-h" });
    const form = element("form", { method: "dialog" });
    form.append(
      element("h2", { id: "note-dialog-h" }, t.dialogTitle),
      element("blockquote", { class: "note-quote" }),
      element("label", { for: "note-body" }, t.noteLabel),
      element("textarea", { id: "note-body", rows: "5" }),
      element("p", { class: "note-error", role: "alert" }),
    );
    const buttons = element("div", { class: "note-buttons" });
    buttons.append(
      element("button", { type: "submit", value: "save", class: "primary" }, t.save),
      element("button", { type: "submit", value: "cancel", formnovalidate: "" }, t.cancel),
    );
    form.append(buttons);
    dialog.append(form);
    document.body.append(dialog);
  }
  return {
    open(quote, body = "") {
      dialog.querySelector(".note-quote").textContent = quote;
      dialog.querySelector("textarea").value = body;
      dialog.querySelector(".note-error").textContent = "";
      dialog.showModal();
      dialog.querySelector("textarea").focus();
      return new Promise((resolve) => {
        dialog.addEventListener(
          "close",
          () => resolve(dialog.returnValue === "save" ? dialog.querySelector("textarea").value : null),
          { once: true },
        );
      });
    },
  };
}

// The floating button shown while text inside one of the roots is selected.
export function selectionButton(t, rootsOf, onWrite) {
  const button = element("button", { type: "button", class: "note-add note-ui", hidden: "" }, t.addNote);
  document.body.append(button);
  let current = null;
  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) {
      if (!button.matches(":focus")) button.hidden = true;
      return;
    }
    const range = selection.getRangeAt(0);
    const target = rootsOf(range.commonAncestorContainer);
    if (!target) {
      button.hidden = true;
      return;
    }
    const quote = quoteOf(range, target.roots);
    if (!quote) {
      button.hidden = true;
      return;
    }
    current = { ...target, quote };
    const box = range.getBoundingClientRect();
    button.style.top = `${window.scrollY + box.bottom + 6}px`;
    button.style.left = `${Math.max(8, window.scrollX + box.left)}px`;
    button.hidden = false;
  });
  button.addEventListener("click", async () => {
    button.hidden = true;
    if (current) await onWrite(current);
  });
}

// A list of notes under an item or a page.
export function renderList(container, notes, t, actions) {
  container.replaceChildren();
  if (!notes.length) return;
  container.append(element("h4", {}, t.myNotes));
  const list = element("ul", { class: "note-list" });
  notes.forEach((note) => {
    const li = element("li", { class: `note note-${note.status || "placed"}`, id: `note-${note.uid}` });
    li.append(element("blockquote", { class: "note-quote" }, note.exact));
    if (note.body) li.append(element("p", { class: "note-body" }, note.body));
    if (note.mark) li.append(element("p", { class: "note-mark-text" }, note.mark));
    if (note.pending) li.append(element("p", { class: "note-pending" }, t.pending));
    const edit = element("button", { type: "button", class: "link-button" }, t.edit);
    const remove = element("button", { type: "button", class: "link-button" }, t.remove);
    edit.addEventListener("click", () => actions.edit(note));
    remove.addEventListener("click", () => actions.remove(note));
    li.append(edit, " ", remove);
    list.append(li);
  });
  container.append(list);
}

// Writing a note on a selected quote: the dialog asks for the text; a refused note is told.
// Returns false when the reader cancels, so nothing needs drawing again.
export async function writeNote(t, client, quote, fields) {
  const body = await noteDialog(t).open(quote.exact);
  if (body === null) return false;
  try {
    await client.create({ ...quote, body, ...fields });
  } catch (error) {
    window.alert(error.message);
  }
  document.getSelection().removeAllRanges();
  return true;
}

// The edit and delete buttons of a list of notes; the notes are drawn again after each.
export function noteActions(t, client, refresh) {
  return {
    async edit(note) {
      const body = await noteDialog(t).open(note.exact, note.body);
      if (body === null) return;
      await client().update(note, body);
      await refresh();
    },
    async remove(note) {
      await client().remove(note);
      await refresh();
    },
  };
}

// The client, refreshed when the network comes back (sending the outbox first).
export function startClient(configElement, refresh) {
  const client = new NotesClient(readConfig(configElement));
  const sync = async () => {
    const sent = await client.flush();
    if (sent) await refresh();
  };
  window.addEventListener("online", sync);
  sync();
  return client;
}
