// The pages of a PDF in the reader: every page's frame laid out at once and its text layer after,
// drawn by pdf.js only near the screen, sharp when zoomed, and as wide as the reader when it turns.
import { element } from "./notes-ui.js";

// `pages[n]`: page n's section, sheet, text and link layers, canvas and pdf.js page; `layOut`
// adds them all.
export function pdfPages(viewer, label, { nearFirst = () => {} } = {}) {
  const pages = [];

  // Every page is laid out, with its text layer (the find box and the notes read every page),
  // and drawn only near the screen: a 100-page annex drawn whole at an iPad's two device
  // pixels holds 1.4 GB of canvas, and Safari draws no more than about 384 MB for all its tabs.
  // The pages seen longest ago give their canvas back (bench/reader_bench.py).
  const DRAWN_AT_MOST = 8;
  const drawnOrder = []; // the pages drawn, the most recently near the screen last
  const near = new Set();
  const nearScreen = new IntersectionObserver(
    (changes) => {
      changes.forEach((change) => {
        const number = Number(change.target.dataset.page);
        if (!change.isIntersecting) {
          near.delete(number);
          return;
        }
        near.add(number);
        draw(number);
        const entry = pages[number];
        if (!entry.seen) nearFirst(entry); // its links, when it first comes near
        entry.seen = true;
      });
    },
    { rootMargin: "100% 0px" },
  );

  // The pages are as wide as the reader (900 px at most), and as wide again when it turns: an
  // iPad turned from landscape to portrait shows the whole page, no sideways scrolling.
  const readerWidth = () => Math.min(viewer.clientWidth || 800, 900);

  function pageViewport(page) {
    return page.getViewport({ scale: readerWidth() / page.getViewport({ scale: 1 }).width });
  }

  function fit(entry) {
    const { sheet, canvas, viewport } = entry;
    sheet.style.width = `${viewport.width}px`;
    sheet.style.height = `${viewport.height}px`;
    sheet.style.setProperty("--scale-factor", viewport.scale);
    canvas.style.width = `${viewport.width}px`;
    canvas.style.height = `${viewport.height}px`;
  }

  // A page's frame: as large as the page, where it will be drawn, so that every page has its
  // place (and a link to page 70 goes there) before any text is read.
  function frame(page, number) {
    const viewport = pageViewport(page);
    const section = element("section", { class: "pdf-page", id: `side-${number}`, "aria-label": `${label} ${number}` });
    section.dataset.page = number;
    const sheet = element("div", { class: "pdf-sheet" });
    const canvas = element("canvas", { "aria-hidden": "true" });
    canvas.width = 0;
    canvas.height = 0;
    const layer = element("div", { class: "textLayer" });
    const links = element("div", { class: "linkLayer" });
    sheet.append(canvas, layer, links);
    const heading = element("h2", { class: "pdf-page-number" }, `${label} ${number}`);
    const list = element("div", { class: "notes-for note-ui" });
    section.append(heading, sheet, list);
    const entry = { section, sheet, layer, links, list, page, viewport, canvas, task: null, ratio: 0 };
    fit(entry);
    viewer.append(section);
    pages[number] = entry;
    nearScreen.observe(section);
  }

  // Every page's frame at once (then `framed()`), then each page's text layer in turn.
  async function layOut(pdfjs, pdf, framed = () => {}) {
    const numbers = Array.from({ length: pdf.numPages }, (_, i) => i + 1);
    // Asked for all at once, framed in order as they come.
    const loading = numbers.map((number) => pdf.getPage(number));
    for (const number of numbers) frame(await loading[number - 1], number);
    framed();
    for (const number of numbers) {
      const entry = pages[number];
      entry.textLayer = new pdfjs.TextLayer({ textContentSource: entry.page.streamTextContent(), container: entry.layer, viewport: entry.viewport });
      await entry.textLayer.render();
    }
  }

  // Turned, the pages take the new width, the page read stays where it was on the screen, and the
  // drawn pages are drawn again at the new size.
  function refit() {
    const width = readerWidth();
    if (!pages.some((entry) => entry && Math.abs(entry.viewport.width - width) > 1)) return;
    const reading = pages.find((entry) => entry && entry.section.getBoundingClientRect().bottom > 0);
    const share = reading ? -reading.section.getBoundingClientRect().top / reading.section.offsetHeight : 0;
    pages.forEach((entry) => {
      if (!entry) return;
      entry.viewport = pageViewport(entry.page);
      fit(entry);
      entry.textLayer?.update({ viewport: entry.viewport });
      if (entry.ratio || entry.task) {
        entry.ratio = 0;
        paint(entry, sharpness(entry.viewport, 1));
      }
    });
    if (reading) window.scrollBy(0, reading.section.getBoundingClientRect().top + share * reading.section.offsetHeight);
  }

  let refitLater = null;
  window.addEventListener("resize", () => {
    clearTimeout(refitLater);
    refitLater = setTimeout(refit, 200);
  });

  function draw(number, zoom = 1) {
    const entry = pages[number];
    if (!entry) return;
    const at = drawnOrder.indexOf(number);
    if (at >= 0) drawnOrder.splice(at, 1);
    drawnOrder.push(number);
    const ratio = sharpness(entry.viewport, zoom);
    if (entry.ratio !== ratio && entry.task?.ratio !== ratio) paint(entry, ratio);
    // The pages seen longest ago give theirs back; those near the screen keep it.
    const away = drawnOrder.filter((drawn) => !near.has(drawn));
    while (drawnOrder.length > DRAWN_AT_MOST && away.length) release(away.shift());
  }

  // Pinch-zoomed, the pages under the reader's eyes are drawn again at the zoom (up to 3 times),
  // so the text stays sharp, and no canvas over 12 million pixels (Safari refuses more than 16.7);
  // the other pages keep the screen's resolution.
  const MAX_ZOOM = 3;
  const MAX_CANVAS_PIXELS = 12_000_000;

  function sharpness(viewport, zoom) {
    const wanted = (window.devicePixelRatio || 1) * Math.min(Math.max(zoom, 1), MAX_ZOOM);
    return Math.min(wanted, Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)));
  }

  // Drawn on a canvas of its own, which takes the old one's place when it is done: a page drawn
  // again sharper stays on the screen meanwhile.
  function paint(entry, ratio) {
    entry.task?.cancel();
    const { viewport } = entry;
    const canvas = element("canvas", { "aria-hidden": "true" });
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${viewport.width}px`;
    canvas.style.height = `${viewport.height}px`;
    const task = entry.page.render({ canvasContext: canvas.getContext("2d"), viewport, transform: [ratio, 0, 0, ratio, 0, 0] });
    task.ratio = ratio;
    entry.task = task;
    task.promise.then(
      () => {
        if (entry.task !== task) return; // given up: the page was released or drawn otherwise
        entry.task = null;
        canvas.dataset.drawn = "true";
        entry.canvas.replaceWith(canvas);
        entry.canvas.width = 0;
        entry.canvas.height = 0;
        entry.canvas = canvas;
        entry.ratio = ratio;
      },
      () => {
        if (entry.task === task) entry.task = null;
      },
    );
  }

  function release(number) {
    const entry = pages[number];
    drawnOrder.splice(drawnOrder.indexOf(number), 1);
    entry.task?.cancel();
    entry.task = null;
    entry.canvas.width = 0;
    entry.canvas.height = 0;
    delete entry.canvas.dataset.drawn;
    entry.ratio = 0;
    entry.page.cleanup();
  }

  function sharpen() {
    const seen = window.visualViewport;
    [...drawnOrder].forEach((number) => {
      const box = pages[number].section.getBoundingClientRect();
      const underEyes = box.bottom > seen.offsetTop && box.top < seen.offsetTop + seen.height;
      draw(number, underEyes ? seen.scale : 1);
    });
  }

  let sharpenLater = null;
  ["resize", "scroll"].forEach((event) =>
    window.visualViewport?.addEventListener(event, () => {
      clearTimeout(sharpenLater);
      sharpenLater = setTimeout(sharpen, 250);
    }),
  );

  return { pages, layOut };
}
