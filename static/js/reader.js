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

  // Wide tables scroll inside their own box: start at the right-hand end, where the newest
  // year (the one being approved) stands, while the pinned first column keeps the row labels.
  var boxes = document.querySelectorAll(".table-scroll[data-scroll-end]");
  for (var i = 0; i < boxes.length; i += 1) {
    boxes[i].scrollLeft = boxes[i].scrollWidth;
  }
}());
