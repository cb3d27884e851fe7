// The main menu folds behind a "Menu" button on narrow screens. Without this script the menu
// simply wraps under the site name, so nothing depends on it.
(function () {
  "use strict";
  var button = document.querySelector(".menu-button");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) { return; }
  document.documentElement.classList.add("menu-folds");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
  });

  // Wide tables scroll inside their own box while the pinned first column keeps the row labels.
  // A scroll stops where a column begins, just right of the labels, so no figure is left half
  // hidden behind them (a right-aligned "1.771.663,00" cut at its left reads "663,00"); the
  // last cells get the room that lets the scroll's end be such a stop too. A box marked
  // data-scroll-end opens at its newest period (the last column group), the one being approved.
  // Without this script the table simply scrolls freely from its start.
  function pinnedWidth(box) {
    var first = box.querySelector("thead tr:first-child th:first-child");
    return first && getComputedStyle(first).position === "sticky" ? first.offsetWidth : 0;
  }
  function starts(box, selector) {
    // Where each column (group) begins, in the box's scroll coordinates.
    var origin = box.getBoundingClientRect().left + box.clientLeft - box.scrollLeft;
    return Array.prototype.map.call(box.querySelectorAll(selector), function (cell) {
      return cell.getBoundingClientRect().left - origin;
    });
  }
  function fit(box) {
    var lasts = box.querySelectorAll("tr > :last-child");
    var i;
    for (i = 0; i < lasts.length; i += 1) { lasts[i].style.paddingRight = ""; }
    var pinned = pinnedWidth(box);
    var end = box.scrollWidth - box.clientWidth;
    if (!pinned || end <= 0) { box.classList.remove("snaps", "by-group"); return; }
    box.style.scrollPaddingLeft = pinned + "px";
    box.style.setProperty("--pinned", pinned + "px");
    box.classList.add("snaps");
    // Whole periods where each fits beside the labels (their headings then stay whole too),
    // single columns where it does not (a phone).
    var groups = Array.prototype.slice.call(box.querySelectorAll("thead tr:first-child th"), 1);
    var room = box.clientWidth - pinned;
    box.classList.toggle("by-group", groups.length > 1 && groups.every(function (cell) {
      return cell.offsetWidth <= room;
    }));
    // Where it stops at single columns, a period's heading keeps to one column's width, so it
    // can stand whole beside the labels.
    var columns = box.querySelectorAll("thead tr:last-child th");
    box.style.setProperty("--column", Math.min.apply(null, Array.prototype.map.call(
      columns, function (cell) { return cell.clientWidth; })) + "px");
    var selector = box.classList.contains("by-group") ? "thead tr:first-child th" : "thead th";
    var stop = starts(box, selector).filter(function (x) { return x - pinned >= end; });
    var extra = stop.length ? Math.min.apply(null, stop) - pinned - end : 0;
    for (i = 0; extra > 0.5 && i < lasts.length; i += 1) {
      lasts[i].style.paddingRight = parseFloat(getComputedStyle(lasts[i]).paddingRight) + extra + "px";
    }
  }
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".table-scroll"));
  boxes.forEach(fit);
  window.addEventListener("resize", function () { boxes.forEach(fit); });
  boxes.forEach(function (box) {
    var groups = box.hasAttribute("data-scroll-end") && starts(box, "thead tr:first-child th");
    if (groups && groups.length > 1) {
      box.scrollLeft = groups[groups.length - 1] - (parseFloat(box.style.scrollPaddingLeft) || 0);
    }
  });
}());
