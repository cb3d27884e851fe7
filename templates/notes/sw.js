// The portal's service worker: meetings a member saved for offline reading are kept in the
// Cache API and served when the network is gone. At each contact with the server it asks which
// saved meetings this device may still keep (logged out, a withdrawn or newer version, or an
// expired package: dropped, and a newer version fetched again).
const STATIC_FILES = {{ static_files|safe }};
const STATUS_URL = {{ status_url|safe }};
const STATIC_CACHE = "kkr-static";
const INDEX_CACHE = "kkr-offline-index";
const INDEX_KEY = "/__kkr-offline-index__";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function readIndex() {
  const cache = await caches.open(INDEX_CACHE);
  const response = await cache.match(INDEX_KEY);
  return response ? response.json() : {};
}

async function writeIndex(index) {
  const cache = await caches.open(INDEX_CACHE);
  await cache.put(INDEX_KEY, new Response(JSON.stringify(index), { headers: { "Content-Type": "application/json" } }));
}

function meetingCache(id) {
  return `kkr-meeting-${id}`;
}

// One change to the saved meetings at a time: the check after logging out must not have a
// page's refresh (which read the index a moment before) open a meeting's cache anew behind it.
let changes = Promise.resolve();
function serially(work) {
  const done = changes.then(work, work);
  changes = done.catch(() => {});
  return done;
}

async function savePackage(manifestUrl, pageFiles = []) {
  const response = await fetch(manifestUrl, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) throw new Error(`${response.status}`);
  const pkg = await response.json();
  const name = meetingCache(pkg.meeting);
  await caches.delete(name);
  const cache = await caches.open(name);
  for (const url of pkg.urls) {
    const answer = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!answer.ok) throw new Error(`${url}: ${answer.status}`);
    await cache.put(url, answer);
  }
  const statics = await caches.open(STATIC_CACHE);
  await statics.addAll(Array.from(new Set([...pkg.static, ...STATIC_FILES, ...pageFiles])));
  const index = await readIndex();
  index[pkg.meeting] = { version: pkg.version, expires: pkg.expires, user: pkg.user, manifest: manifestUrl };
  await writeIndex(index);
  return pkg;
}

async function dropPackage(id) {
  await caches.delete(meetingCache(id));
  const index = await readIndex();
  delete index[id];
  await writeIndex(index);
}

async function clearAll() {
  for (const key of await caches.keys()) {
    if (key.startsWith("kkr-")) await caches.delete(key);
  }
}

// At the next contact (every page opened with the network on, only while something is saved):
// what the server says this device may keep.
async function check() {
  const index = await readIndex();
  const ids = Object.keys(index);
  if (!ids.length) return;
  let status;
  try {
    const response = await fetch(`${STATUS_URL}?m=${ids.join(",")}`, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) return;
    status = await response.json();
  } catch (error) {
    return; // no network: keep everything until the next contact
  }
  if (!status.authenticated) {
    await clearAll();
    return;
  }
  for (const id of ids) {
    const entry = index[id];
    const current = status.meetings[id];
    if (entry.user !== status.user || !current || Date.now() > Date.parse(entry.expires)) {
      await dropPackage(id);
    } else if (current !== entry.version) {
      await dropPackage(id);
      try {
        await savePackage(entry.manifest);
      } catch (error) {
        // Fetched again when the member saves it anew.
      }
    }
  }
}

async function refreshSaved(request, response) {
  // Keep a saved meeting's copy (its notes above all) as fresh as the last online visit.
  const index = await readIndex();
  for (const id of Object.keys(index)) {
    if (!(await caches.has(meetingCache(id)))) continue;
    const cache = await caches.open(meetingCache(id));
    if (await cache.match(request.url)) {
      await cache.put(request.url, response);
      return;
    }
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      try {
        const response = await fetch(request);
        if (response.ok && url.pathname.startsWith("/static/")) {
          const copy = response.clone();
          event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.put(request, copy)));
        }
        if (request.mode === "navigate") event.waitUntil(serially(check));
        if (response.ok && !request.headers.has("Range")) {
          const copy = response.clone();
          event.waitUntil(serially(() => refreshSaved(request, copy)));
        }
        return response;
      } catch (error) {
        const cached = await caches.match(request.url, { ignoreVary: true });
        if (cached) return cached;
        throw error;
      }
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (message) => event.source && event.source.postMessage(message);
  if (data.type === "save") {
    event.waitUntil(
      serially(() => savePackage(data.manifest, data.files || [])).then(
        (pkg) => reply({ type: "saved", meeting: String(pkg.meeting) }),
        (error) => reply({ type: "save-failed", meeting: String(data.meeting), error: String(error) }),
      ),
    );
  } else if (data.type === "remove") {
    event.waitUntil(serially(() => dropPackage(String(data.meeting))).then(() => reply({ type: "removed", meeting: String(data.meeting) })));
  } else if (data.type === "is-saved") {
    event.waitUntil(readIndex().then((index) => reply({ type: "is-saved", meeting: String(data.meeting), saved: Boolean(index[data.meeting]) })));
  } else if (data.type === "check") {
    event.waitUntil(serially(check));
  }
});
