// Survey Atlas search: the header's search box (overrides/partials/search.html) queries the
// Pagefind index that the build writes to pagefind/ (generator/search.py) and shows the results
// in Material's result markup, so it looks like Material's search without building a lunr index
// in the browser.  The build indexes the pages in batches, one Pagefind bundle each
// (pagefind/0/, pagefind/1/, …, listed in pagefind/bundles.json): the first bundle's script
// searches and the others are merged into it (Pagefind's mergeIndex), so every query is ranked
// across all of them.  The manifest and Pagefind's script are loaded only when the reader first
// focuses the box or presses a key in it, from the site's base (Material's __config), so it
// works under a sub-path.
// Titles and excerpts come from paper text, which is untrusted: both reach the page only as
// text nodes (and the <mark> elements Pagefind puts around matched words); no string is ever
// parsed as HTML.
(function () {
  "use strict";

  const PAGE_SIZE = 10;
  const DEBOUNCE_MS = 60;
  const box = document.querySelector("[data-sa-search]");
  if (!box) return;
  const form = box.querySelector("form");
  const input = box.querySelector(".md-search__input");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const scrollwrap = box.querySelector(".md-search__scrollwrap");
  const toggle = document.getElementById("__search");
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base.replace(/\/?$/, "/"), location.href);

  let engine = null; // Promise of the Pagefind module, once loading has started
  let timer = 0;
  let latest = Promise.resolve();
  let generation = 0; // bumps on every query, so a slow answer never replaces a newer one
  let pending = []; // results found but not rendered yet (rendered on scroll)
  let rendering = false;

  function translate(key, count) {
    const text = (config.translations || {})[key] || "";
    return text.replace("#", String(count));
  }

  async function loadPagefind() {
    const root = new URL("pagefind/", base);
    // Revalidated, not taken from the HTTP cache: a stale list would name the bundles of an
    // earlier deploy (Pagefind itself adds a timestamp to each bundle's entry file for this).
    const response = await fetch(new URL("bundles.json", root), { cache: "no-cache" });
    if (!response.ok) throw new Error("pagefind/bundles.json: HTTP " + response.status);
    const { bundles } = await response.json();
    if (!Array.isArray(bundles) || !bundles.length) throw new Error("the site has no search index");
    // Paths, not URLs: Pagefind compares a merged bundle's path with its primary's.
    const [primary, ...others] = bundles.map((name) => new URL(String(name), root).pathname);
    const module = await import(new URL(primary + "pagefind.js", location.href).href);
    try {
      await module.options({ baseUrl: base.pathname });
      await module.init();
      // Wait until the primary bundle has loaded, which rejects if it cannot: mergeIndex waits
      // for the primary's WebAssembly without ever giving up, so a broken primary would hang it.
      await module.filters();
      await Promise.all(others.map((path) => module.mergeIndex(path, { baseUrl: base.pathname })));
    } catch (error) {
      // The module is imported once per page and keeps its merged bundles: reset it, or a retry
      // would merge a bundle twice and show its results twice.
      await module.destroy();
      throw error;
    }
    return module;
  }

  function pagefind() {
    if (!engine) {
      engine = loadPagefind();
      engine.catch(() => { engine = null; }); // let a later focus try again
    }
    return engine;
  }

  function setOpen(open) {
    // Material styles the open box (overlay, result panel) from this checkbox's state.
    if (toggle && toggle.checked !== open) toggle.click();
  }

  // --- rendering ---------------------------------------------------------------------------

  function appendExcerpt(target, excerpt) {
    // Pagefind escapes < and > in the page text and wraps matched words in <mark>…</mark>, so
    // those two tags are all the markup an excerpt can hold: split on them and add the rest as
    // text nodes, so nothing is ever parsed as HTML.  (Text that itself reads "&lt;" shows as
    // "<": Pagefind leaves & as it is, so the two cannot be told apart.)
    let mark = null;
    for (const part of excerpt.split(/(<\/?mark>)/)) {
      if (part === "<mark>") {
        mark = target.appendChild(document.createElement("mark"));
      } else if (part === "</mark>") {
        mark = null;
      } else if (part) {
        const text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
        (mark || target).appendChild(document.createTextNode(text));
      }
    }
  }

  function resultItem(data) {
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-search-result__article--document md-typeset";
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    const title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    const excerpt = document.createElement("p");
    appendExcerpt(excerpt, data.excerpt || "");
    article.append(icon, title, excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  async function renderMore(run) {
    const batch = pending.splice(0, PAGE_SIZE);
    if (!batch.length) return;
    rendering = true; // one batch at a time, so batches keep their rank order
    try {
      const pages = await Promise.all(batch.map((result) => result.data()));
      if (run === generation) list.append(...pages.map(resultItem));
    } finally {
      rendering = false;
    }
  }

  function showCount(count) {
    const key = count === 0 ? "search.result.none" : count === 1 ? "search.result.one" : "search.result.other";
    meta.textContent = translate(key, count);
  }

  async function runQuery() {
    clearTimeout(timer);
    timer = 0;
    const run = ++generation;
    const query = input.value.trim();
    if (!query) {
      pending = [];
      list.replaceChildren();
      meta.textContent = translate("search.result.placeholder");
      box.dataset.shownQuery = "";
      return;
    }
    try {
      const module = await pagefind();
      const found = await module.search(query);
      if (run !== generation) return;
      pending = found.results.slice();
      list.replaceChildren();
      showCount(found.results.length);
      await renderMore(run);
      // Which query the list now answers: while the reader types, the list shows the answer to
      // an earlier prefix for a moment, and a script (our browser tests) must not mistake it.
      if (run === generation) box.dataset.shownQuery = query;
    } catch (error) {
      if (run === generation) meta.textContent = "Search is unavailable: " + String(error && error.message || error);
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = 0; latest = runQuery(); }, DEBOUNCE_MS);
  }

  // --- keyboard and focus --------------------------------------------------------------------

  function openFirst() {
    const first = list.querySelector("a.md-search-result__link");
    if (first) {
      setOpen(false);
      first.click();
    }
  }

  function moveFocus(step) {
    const stops = [input, ...list.querySelectorAll("a.md-search-result__link")];
    const index = stops.indexOf(document.activeElement);
    const next = stops[(Math.max(index, 0) + step + stops.length) % stops.length];
    next.focus();
  }

  function typingElsewhere(target) {
    return target instanceof HTMLElement && (target.isContentEditable
      || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName));
  }

  function onGlobalKey(event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const open = toggle && toggle.checked;
    if (!open && ["/", "s", "f"].includes(event.key) && !typingElsewhere(event.target)) {
      event.preventDefault(); // the same shortcuts as Material's search
      input.focus();
      input.select();
    } else if (open && event.key === "Escape") {
      setOpen(false);
      input.blur();
    } else if (open && (event.key === "ArrowDown" || event.key === "ArrowUp") && box.contains(event.target)) {
      event.preventDefault();
      moveFocus(event.key === "ArrowDown" ? 1 : -1);
    }
  }

  input.addEventListener("focus", () => { setOpen(true); pagefind().catch(() => {}); });
  input.addEventListener("keydown", () => { pagefind().catch(() => {}); }, { once: true });
  input.addEventListener("input", schedule);
  form.addEventListener("submit", (event) => {
    event.preventDefault(); // Enter opens the first result once the current query has run
    if (timer) latest = runQuery();
    latest.then(openFirst);
  });
  form.addEventListener("reset", () => {
    setTimeout(() => { latest = runQuery(); input.focus(); }); // after the browser clears the box
  });
  list.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) setOpen(false);
  });
  scrollwrap.addEventListener("scroll", () => {
    const nearEnd = scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 64;
    if (nearEnd && pending.length && !rendering) renderMore(generation);
  }, { passive: true });
  if (toggle) {
    toggle.addEventListener("change", () => { if (toggle.checked && document.activeElement !== input) input.focus(); });
  }
  document.addEventListener("keydown", onGlobalKey);
})();
