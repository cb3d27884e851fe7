// The agenda builder: unsaved-change guard for every admin change form, and the outline
// (drag by the handle, or move with the buttons / Alt+arrow keys; numbers follow the order).
(function () {
  "use strict";

  // ---- Never lose work -------------------------------------------------------------------
  var form = document.querySelector("#content-main form[method=post]");
  var dirty = false;
  function markDirty() {
    dirty = true;
    document.body.classList.add("has-unsaved");
  }
  if (form) {
    form.addEventListener("input", function (e) {
      if (!e.target.closest("[data-no-dirty]")) { markDirty(); }
    });
    form.addEventListener("change", function (e) {
      if (!e.target.closest("[data-no-dirty]")) { markDirty(); }
    });
    form.addEventListener("submit", function () { dirty = false; });
    // TinyMCE edits happen inside an iframe; the editor reports them.
    document.addEventListener("tinymce-change", markDirty);
    window.setTimeout(function hookEditors() {
      if (window.tinymce && window.tinymce.editors) {
        window.tinymce.editors.forEach(function (ed) {
          if (!ed.kkrHooked) { ed.kkrHooked = true; ed.on("input change undo redo", markDirty); }
        });
      }
      window.setTimeout(hookEditors, 1000);
    }, 500);
    window.addEventListener("beforeunload", function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ""; return ""; }
    });
  }
  window.kkrBuilder = { isDirty: function () { return dirty; } };

  // A closed item's public facts (reason, public title) are asked for when the item is marked
  // closed; an open item's page keeps them out of the way unless they hold something.
  var closedBox = document.getElementById("id_closed");
  var reason = document.getElementById("id_closure_reason");
  var publicFacts = reason && reason.closest("fieldset");
  if (closedBox && publicFacts) {
    var showPublicFacts = function () {
      var filled = publicFacts.querySelector(".errorlist") ||
        Array.prototype.some.call(publicFacts.querySelectorAll("select, input"), function (field) {
          return field.type !== "hidden" && field.value;
        });
      publicFacts.hidden = !closedBox.checked && !filled;
    };
    closedBox.addEventListener("change", showPublicFacts);
    showPublicFacts();
  }

  // Links that publish refuse while the page has unsaved changes, and say why.
  document.querySelectorAll("a[data-needs-saved]").forEach(function (link) {
    link.addEventListener("click", function (e) {
      if (!dirty) { return; }
      e.preventDefault();
      var note = document.getElementById("unsaved-note");
      if (note) {
        note.hidden = false;
        note.focus();
      }
    });
  });

  // ---- The outline -------------------------------------------------------------------------
  var outline = document.getElementById("agenda-outline");
  if (!outline) { return; }
  var field = document.getElementById("id_outline");
  var status = document.getElementById("outline-status");
  var list = outline.querySelector(".outline-sections");
  var newSections = 0;

  function sections() { return Array.prototype.slice.call(list.children); }
  function itemsOf(section) {
    return Array.prototype.slice.call(section.querySelector(".outline-items").children);
  }

  function renumber() {
    var data = [];
    sections().forEach(function (section, s) {
      section.querySelector(".section-num").textContent = (s + 1) + ".";
      var ids = [];
      itemsOf(section).forEach(function (item, i) {
        item.querySelector(".item-num").textContent = (s + 1) + "." + (i + 1);
        ids.push(parseInt(item.dataset.itemId, 10));
      });
      var del = section.querySelector(".section-delete");
      if (del) { del.hidden = ids.length > 0; }
      var id = section.dataset.sectionId;
      data.push({ id: id ? parseInt(id, 10) : null,
                  title: section.querySelector(".section-title").value, items: ids });
    });
    field.value = JSON.stringify({ sections: data });
  }

  function changed(message) {
    renumber();
    markDirty();
    if (message) { status.textContent = message; }
  }

  function moveItem(item, direction) {
    var section = item.closest(".outline-section");
    var sibling = direction < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (sibling) {
      section.querySelector(".outline-items").insertBefore(item, direction < 0 ? sibling : sibling.nextElementSibling);
    } else {
      // At the edge of its section: into the neighbouring section.
      var next = direction < 0 ? section.previousElementSibling : section.nextElementSibling;
      if (!next) { return false; }
      var items = next.querySelector(".outline-items");
      if (direction < 0) { items.appendChild(item); } else { items.insertBefore(item, items.firstChild); }
    }
    return true;
  }

  function moveSection(section, direction) {
    var sibling = direction < 0 ? section.previousElementSibling : section.nextElementSibling;
    if (!sibling) { return false; }
    list.insertBefore(section, direction < 0 ? sibling : sibling.nextElementSibling);
    return true;
  }

  function announce(node) {
    var num = node.querySelector(".item-num, .section-num").textContent;
    var title = node.querySelector(".item-title, .section-title");
    return outline.dataset.movedLabel.replace("%(title)s", title.value || title.textContent)
      .replace("%(number)s", num.replace(/\.$/, ""));
  }

  outline.addEventListener("click", function (e) {
    var button = e.target.closest("button");
    if (!button) { return; }
    var direction = button.classList.contains("move-up") ? -1 : button.classList.contains("move-down") ? 1 : 0;
    var item = button.closest(".outline-item");
    var section = button.closest(".outline-section");
    if (direction && item) {
      if (moveItem(item, direction)) { changed(); status.textContent = announce(item); }
      button.focus();
    } else if (direction && section) {
      if (moveSection(section, direction)) { changed(); status.textContent = announce(section); }
      button.focus();
    } else if (button.classList.contains("section-delete") && section) {
      section.remove();
      changed(outline.dataset.deletedLabel);
    }
  });

  outline.addEventListener("keydown", function (e) {
    if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) { return; }
    var item = e.target.closest(".outline-item");
    if (!item) { return; }
    e.preventDefault();
    if (moveItem(item, e.key === "ArrowUp" ? -1 : 1)) { changed(); status.textContent = announce(item); }
    e.target.focus();
  });

  outline.addEventListener("input", function (e) {
    if (e.target.classList.contains("section-title")) { changed(); }
  });

  document.getElementById("outline-add-section").addEventListener("click", function () {
    var template = document.getElementById("outline-section-template");
    var section = template.content.firstElementChild.cloneNode(true);
    newSections += 1;
    var input = section.querySelector(".section-title");
    input.id = "section-title-new-" + newSections;
    section.querySelector("label").htmlFor = input.id;
    list.appendChild(section);
    changed();
    input.focus();
  });

  // Dragging: only by the handle (rows are draggable, but a drag that did not start on the
  // handle is cancelled, so text in the row can still be selected).
  var dragged = null;
  var fromHandle = false;
  outline.addEventListener("mousedown", function (e) {
    fromHandle = !!e.target.closest(".drag-handle");
  });
  outline.addEventListener("dragstart", function (e) {
    var row = e.target.closest && e.target.closest(".outline-item");
    if (!row || !fromHandle) { e.preventDefault(); return; }
    dragged = row;
    dragged.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", dragged.dataset.itemId);
  });
  outline.addEventListener("dragover", function (e) {
    if (!dragged) { return; }
    var target = e.target.closest(".outline-item");
    var items = e.target.closest(".outline-items");
    if (!items) {
      var section = e.target.closest(".outline-section");
      items = section && section.querySelector(".outline-items");
    }
    if (!items) { return; }
    e.preventDefault();
    if (target && target !== dragged) {
      var box = target.getBoundingClientRect();
      var after = e.clientY > box.top + box.height / 2;
      items.insertBefore(dragged, after ? target.nextElementSibling : target);
    } else if (!target) {
      items.appendChild(dragged);
    }
  });
  outline.addEventListener("drop", function (e) { if (dragged) { e.preventDefault(); } });
  outline.addEventListener("dragend", function () {
    if (!dragged) { return; }
    dragged.classList.remove("dragging");
    var moved = dragged;
    dragged = null;
    changed();
    status.textContent = announce(moved);
  });

  renumber();
  outline.dataset.ready = "1";
})();
