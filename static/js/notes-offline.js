// "Gem til offline": the service worker stores the meeting on the device.
import { strings } from "./notes-ui.js";

const box = document.getElementById("offline-box");
const t = strings();

async function start() {
  if (!box) return;
  const status = document.getElementById("offline-status");
  const save = document.getElementById("offline-save");
  const remove = document.getElementById("offline-remove");
  if (!("serviceWorker" in navigator) || !("caches" in window)) {
    status.textContent = t.offlineUnsupported;
    save.disabled = true;
    return;
  }
  await navigator.serviceWorker.register(box.dataset.sw, { scope: "/" });
  const registration = await navigator.serviceWorker.ready;
  const worker = () => navigator.serviceWorker.controller || registration.active;
  const meeting = box.dataset.meeting;
  navigator.serviceWorker.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.meeting !== meeting) return;
    if (data.type === "saved") {
      status.textContent = t.saved;
      box.dataset.saved = "true";
      remove.hidden = false;
      save.disabled = false;
    } else if (data.type === "save-failed") {
      status.textContent = t.saveFailed;
      console.warn("Offline save failed:", data.error);
      save.disabled = false;
    } else if (data.type === "removed") {
      status.textContent = t.removed;
      box.dataset.saved = "false";
      remove.hidden = true;
    } else if (data.type === "is-saved" && data.saved) {
      status.textContent = t.saved;
      box.dataset.saved = "true";
      remove.hidden = false;
    }
  });
  save.addEventListener("click", () => {
    save.disabled = true;
    status.textContent = t.saving;
    // The styles and scripts this page loaded, so that it looks and works the same offline.
    const files = performance
      .getEntriesByType("resource")
      .map((entry) => new URL(entry.name))
      .filter((url) => url.origin === window.location.origin && url.pathname.startsWith("/static/"))
      .map((url) => url.pathname);
    worker().postMessage({ type: "save", manifest: box.dataset.manifest, meeting, files });
  });
  remove.addEventListener("click", () => worker().postMessage({ type: "remove", meeting }));
  worker().postMessage({ type: "is-saved", meeting });
  worker().postMessage({ type: "check" });
}

start();
