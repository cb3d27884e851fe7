// Several annexes uploaded at once: one request per file, each with its own progress bar.
(function () {
  "use strict";
  var box = document.querySelector(".annex-upload");
  if (!box) { return; }
  var input = box.querySelector("input[type=file]");
  var list = box.querySelector(".upload-progress");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]").value;

  function upload(file) {
    return new Promise(function (resolve) {
      var li = document.createElement("li");
      var label = document.createElement("span");
      label.textContent = file.name;
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", file.name);
      li.appendChild(label);
      li.appendChild(bar);
      list.appendChild(li);
      var data = new FormData();
      data.append("file", file);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", box.dataset.url);
      xhr.setRequestHeader("X-CSRFToken", token);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
      });
      xhr.addEventListener("load", function () {
        var result = {};
        try { result = JSON.parse(xhr.responseText); } catch (err) { result = {}; }
        bar.value = 100;
        var note = document.createElement("span");
        if (xhr.status === 200) {
          note.textContent = " – Bilag " + result.number + ": " + result.title + " (" + result.pages + " s., " + result.size + ")";
          li.className = "ok";
        } else {
          note.textContent = " – " + (result.error || xhr.statusText);
          li.className = "failed";
        }
        li.appendChild(note);
        resolve(xhr.status === 200);
      });
      xhr.addEventListener("error", function () {
        li.className = "failed";
        resolve(false);
      });
      xhr.send(data);
    });
  }

  input.addEventListener("change", function () {
    var files = Array.prototype.slice.call(input.files);
    var chain = Promise.resolve([]);
    files.forEach(function (file) {
      chain = chain.then(function (results) {
        return upload(file).then(function (ok) { return results.concat([ok]); });
      });
    });
    chain.then(function (results) {
      input.value = "";
      var done = document.createElement("li");
      var unsaved = window.kkrBuilder && window.kkrBuilder.isDirty();
      done.textContent = unsaved ? box.dataset.reloadLabel : box.dataset.doneLabel;
      list.appendChild(done);
      box.dataset.finished = String(results.filter(Boolean).length);
      if (!unsaved && results.some(Boolean)) { window.location.reload(); }
    });
  });
})();
