// Finding one's way in a long annex, as in a good PDF reader: the page being read and a field to
// go to another, the annex's own contents (its bookmarks), its links (to its own pages and out
// of it), the browser's Back after following one, and the page the reader left the annex at,
// offered the next time it is opened.
import { element } from "./notes-ui.js";

const LEFT_AT = "kkr-reader-side:";
const OUTLINE_AT_MOST = 500; // entries; a hostile or broken outline lists no more
const OUTWARD = ["http:", "https:", "mailto:"]; // as the download keeps (meetings/publishing/safety.py)

export function readerNav({ pdf, pages, t, annex }) {
  const bar = document.getElementById("reader-bar");
  // A reader page saved on a device before the bar was there: the pages without it.
  if (!bar) return { start() {}, links() {} };
  const form = document.getElementById("reader-go");
  const field = form.elements.side;
  const status = document.getElementById("reader-go-status");
  const offer = document.getElementById("reader-return");
  const total = pdf.numPages;
  let reading = 0;

  document.getElementById("reader-go-total").textContent = t.pageOf.replace("{n}", total);
  history.scrollRestoration = "manual";
  const barHeight = () => {
    document.documentElement.style.setProperty("--reader-bar", `${bar.offsetHeight}px`);
    return bar.offsetHeight;
  };

  // To page `number`'s top, or to a place on it (`top`, in the PDF's own units, as a bookmark or
  // a link gives it), below the bar.
  function goTo(number, top = null) {
    const entry = pages[number];
    if (!entry) return;
    if (top === null) {
      window.scrollTo(0, entry.section.getBoundingClientRect().top + window.scrollY - barHeight());
      return;
    }
    const onPage = Math.min(Math.max(entry.viewport.convertToViewportPoint(0, top)[1], 0), entry.viewport.height);
    window.scrollTo(0, entry.sheet.getBoundingClientRect().top + window.scrollY + onPage - barHeight() - 8);
  }

  // As a link is followed: Back comes back to where the reader was.
  function follow(number, top = null) {
    history.replaceState({ ...history.state, y: window.scrollY }, "", window.location.href);
    history.pushState({}, "", `#side-${number}`);
    goTo(number, top);
  }

  // The page the address names (`#side-12`), or 0.
  const addressed = () => Number(window.location.hash.match(/^#side-(\d+)$/)?.[1] ?? 0);

  window.addEventListener("popstate", (event) => {
    if (typeof event.state?.y === "number") window.scrollTo(0, event.state.y);
    else if (addressed()) goTo(addressed());
  });

  // The page under the upper third of what the bar leaves of the screen.
  function pageAt() {
    const top = bar.getBoundingClientRect().bottom;
    const line = top + (window.innerHeight - top) / 3;
    let [low, high] = [1, total];
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (pages[middle].section.getBoundingClientRect().top <= line) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  let keepLater = null;
  function track() {
    const number = pageAt();
    if (number === reading) return;
    reading = number;
    if (document.activeElement !== field) field.value = number;
    offer.hidden = true; // read on from the start: the page left is not offered any more
    clearTimeout(keepLater);
    keepLater = setTimeout(() => {
      history.replaceState({ ...history.state, y: window.scrollY }, "", `#side-${number}`);
      try {
        localStorage.setItem(LEFT_AT + annex, String(number));
      } catch {
        // Storage refused (a private window): the page is not kept.
      }
    }, 400);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const wanted = field.value.trim();
    const number = Number(wanted);
    if (!/^\d+$/.test(wanted) || number < 1 || number > total) {
      status.textContent = t.noPage.replace("{n}", wanted).replace("{total}", total);
      return;
    }
    status.textContent = "";
    field.blur();
    follow(number);
  });

  // Where a bookmark or a link leads: a page and, when it says, a height on it.
  async function place(dest) {
    try {
      const explicit = typeof dest === "string" ? await pdf.getDestination(dest) : dest;
      if (!Array.isArray(explicit)) return null;
      const [ref, kind, ...at] = explicit;
      const number = (Number.isInteger(ref) ? ref : await pdf.getPageIndex(ref)) + 1;
      if (!pages[number]) return null;
      const top = { XYZ: at[1], FitH: at[0], FitBH: at[0], FitR: at[3] }[kind?.name];
      return { number, top: typeof top === "number" ? top : null };
    } catch {
      return null; // a destination the annex names but does not have
    }
  }

  function outward(url) {
    try {
      const address = url ? new URL(url) : null;
      return address && OUTWARD.includes(address.protocol) ? address.href : null;
    } catch {
      return null;
    }
  }

  function inward(link, where) {
    link.setAttribute("href", `#side-${where.number}`);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      link.closest("details")?.removeAttribute("open");
      follow(where.number, where.top);
    });
    return link;
  }

  function away(link, url) {
    link.setAttribute("href", url);
    link.setAttribute("target", "_blank");
    link.setAttribute("rel", "noopener noreferrer");
    return link;
  }

  // The annex's bookmarks, as its contents, each with its page.
  async function contents() {
    let outline = null;
    try {
      outline = await pdf.getOutline();
    } catch {
      return;
    }
    if (!outline?.length) return;
    let count = 0;
    async function add(items, list) {
      for (const item of items) {
        if ((count += 1) > OUTLINE_AT_MOST) return;
        const entry = element("li");
        const url = outward(item.url);
        const where = url || !item.dest ? null : await place(item.dest);
        const title = item.title?.trim() || "–";
        if (where) {
          const link = inward(element("a"), where);
          link.append(element("span", {}, title), element("span", { class: "reader-outline-page" }, String(where.number)));
          entry.append(link);
        } else if (url) entry.append(away(element("a", {}, title), url));
        else entry.append(element("span", {}, title));
        if (item.items?.length) {
          const sub = element("ol");
          await add(item.items, sub);
          if (sub.children.length) entry.append(sub);
        }
        list.append(entry);
      }
    }
    const details = document.getElementById("reader-outline");
    await add(outline, details.querySelector("ol"));
    details.hidden = false;
    barHeight();
    // Closed as a menu is: by a tap beside it, or Escape.
    document.addEventListener("click", (event) => {
      if (!details.contains(event.target)) details.removeAttribute("open");
    });
    details.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !details.open) return;
      details.removeAttribute("open");
      details.querySelector("summary").focus();
    });
  }

  // A page's links, over the words they stand on: to a page of the annex, or out of it in a tab
  // of its own (web and e-mail addresses only).
  async function links(entry) {
    let annotations = [];
    try {
      annotations = await entry.page.getAnnotations({ intent: "display" });
    } catch {
      return;
    }
    const base = entry.page.getViewport({ scale: 1 });
    for (const annotation of annotations) {
      if (annotation.subtype !== "Link" || !annotation.rect) continue;
      const url = outward(annotation.url);
      const where = url || !annotation.dest ? null : await place(annotation.dest);
      if (!url && !where) continue;
      const link = element("a", { class: "pdf-link" });
      if (where) inward(link, where).setAttribute("aria-label", t.linkTo.replace("{n}", where.number));
      else away(link, url).setAttribute("aria-label", t.linkOut.replace("{url}", url));
      link.title = link.getAttribute("aria-label");
      const [x1, y1, x2, y2] = base.convertToViewportRectangle(annotation.rect);
      Object.assign(link.style, {
        left: `${(Math.min(x1, x2) / base.width) * 100}%`,
        top: `${(Math.min(y1, y2) / base.height) * 100}%`,
        width: `${(Math.abs(x2 - x1) / base.width) * 100}%`,
        height: `${(Math.abs(y2 - y1) / base.height) * 100}%`,
      });
      entry.links.append(link);
    }
  }

  // The page the reader left the annex at, last time, when it is opened at its start.
  function offerReturn() {
    let left = 0;
    try {
      left = Number(localStorage.getItem(LEFT_AT + annex));
    } catch {
      return;
    }
    if (!(left > 1 && left <= total) || window.location.hash || new URLSearchParams(window.location.search).has("fund")) return;
    offer.textContent = t.returnTo.replace("{n}", left);
    offer.hidden = false;
    offer.addEventListener("click", () => follow(left));
  }

  // Once the pages have their places: opened at the page in the address, then following the
  // reader.
  function start() {
    bar.hidden = false;
    offerReturn();
    if (addressed()) goTo(addressed());
    reading = pageAt();
    field.value = reading;
    let tracking = false;
    window.addEventListener("scroll", () => {
      if (tracking) return;
      tracking = true;
      requestAnimationFrame(() => {
        tracking = false;
        track();
      });
    });
    window.addEventListener("resize", barHeight);
    contents();
  }

  return { start, links };
}
