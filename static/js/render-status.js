// Shows the render jobs of the meeting's versions and keeps the panel current until all are done.
(function () {
  "use strict";
  var panel = document.getElementById("render-status");
  if (!panel) { return; }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  function show(data) {
    panel.textContent = "";
    if (!data.versions.length) {
      panel.appendChild(el("p", data.labels.none));
      return false;
    }
    var busy = false;
    data.versions.forEach(function (v) {
      var working = v.status === "queued" || v.status === "running";
      var row = el("div", v.label + ": " + v.status_label + (working && v.progress ? " – " + v.progress : ""), "job " + v.status);
      if (working) {
        busy = true;
        var bar = el("progress");
        if (v.total) { bar.max = v.total; bar.value = v.done; bar.textContent = v.done + " / " + v.total; }
        row.appendChild(bar);
      }
      if (v.error) { row.appendChild(el("div", v.error)); }
      if (v.documents.length) {
        var list = el("ul");
        v.documents.forEach(function (d) {
          var li = el("li");
          var a = el("a", d.label);
          a.href = d.url;
          li.appendChild(a);
          list.appendChild(li);
        });
        row.appendChild(list);
      }
      panel.appendChild(row);
    });
    return busy;
  }

  function poll() {
    fetch(panel.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (show(data)) { window.setTimeout(poll, 1500); } })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
})();
