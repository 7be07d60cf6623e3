// Survey Atlas search: the header's search box (overrides/partials/search.html) queries the
// Pagefind index that the build writes to pagefind/ (generator/search.py) and shows the results
// in Material's result markup, so it looks like Material's search without building a lunr index
// in the browser.  The build indexes the pages in batches, one Pagefind bundle each
// (pagefind/0/, pagefind/1/, …, listed in pagefind/bundles.json): the first bundle's script
// searches and the others are merged into it (Pagefind's mergeIndex), so every query is ranked
// across all of them.  The manifest and Pagefind's script are loaded only when the reader first
// focuses the box or presses a key in it, from the site's base (Material's __config), so it
// works under a sub-path.
// Above the results, one select per Pagefind filter (chapter, kind, modality, code, year, tag;
// the manifest names them, generator/render/facets.py defines them) narrows the results, with
// or without a query; each option shows how many results it would leave.  A result shows its
// chapter and kind (Pagefind metadata) under its title.
// Titles, excerpts and filter values come from paper text, which is untrusted: they reach the
// page only as text nodes (and the <mark> elements Pagefind puts around matched words); no
// string is ever parsed as HTML.
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
  const facetPanel = box.querySelector("[data-sa-facets]");
  const toggle = document.getElementById("__search");
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base.replace(/\/?$/, "/"), location.href);

  let engine = null; // Promise of the Pagefind module, once loading has started
  let timer = 0;
  let latest = Promise.resolve();
  let generation = 0; // bumps on every query, so a slow answer never replaces a newer one
  let pending = []; // results found but not rendered yet (rendered on scroll)
  let rendering = false;
  let facets = []; // [{name, label}] from the manifest, in the panel's order
  let totals = {}; // every filter value's page count over the whole index
  const selected = {}; // filter name -> the value chosen in its select

  function translate(key, count) {
    const text = (config.translations || {})[key] || "";
    return text.replace("#", String(count));
  }

  async function loadPagefind() {
    const root = new URL("pagefind/", base);
    // Revalidated, not taken from the HTTP cache: a stale list would name the bundles of an
    // earlier deploy (Pagefind itself adds a timestamp to each bundle's entry file for this).
    const response = await fetch(new URL("bundles.json", root), { cache: "no-cache" });
    // Under mkdocs serve the page is shown while Pagefind is still indexing the rebuilt site.
    if (response.status === 404) throw new Error("the search index is being built; try again in a few seconds");
    if (!response.ok) throw new Error("pagefind/bundles.json: HTTP " + response.status);
    const { bundles, filters } = await response.json();
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
      totals = await module.filters();
    } catch (error) {
      // The module is imported once per page and keeps its merged bundles: reset it, or a retry
      // would merge a bundle twice and show its results twice.
      await module.destroy();
      throw error;
    }
    facets = Array.isArray(filters) ? filters.filter((facet) => facet && Object.keys(totals[facet.name] || {}).length) : [];
    buildFacets();
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

  // --- filters -----------------------------------------------------------------------------

  function optionOrder(name, counts) {
    // Years newest first; other values by how many pages have them, then by name.
    const values = Object.keys(counts);
    if (name === "year") return values.sort().reverse();
    return values.sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
  }

  function buildFacets() {
    if (!facetPanel || !facets.length) return;
    const controls = facets.map((facet) => {
      const label = document.createElement("label");
      label.className = "sa-search-facet";
      const caption = document.createElement("span");
      caption.textContent = facet.label;
      const select = document.createElement("select");
      select.dataset.facet = facet.name;
      const all = document.createElement("option");
      all.value = "";
      all.textContent = "All";
      select.appendChild(all);
      for (const value of optionOrder(facet.name, totals[facet.name])) {
        const option = document.createElement("option");
        option.value = value;
        option.dataset.value = value;
        select.appendChild(option);
      }
      select.addEventListener("change", () => {
        if (select.value) selected[facet.name] = select.value;
        else delete selected[facet.name];
        latest = runQuery();
      });
      label.append(caption, select);
      return label;
    });
    facetPanel.replaceChildren(...controls);
    facetPanel.hidden = false;
    showCounts(totals);
  }

  function showCounts(counts) {
    // Each option says how many results choosing it would leave; none left: it is disabled.
    for (const select of facetPanel ? facetPanel.querySelectorAll("select") : []) {
      const known = counts[select.dataset.facet] || {};
      for (const option of select.options) {
        if (!option.value) continue;
        const count = known[option.value] || 0;
        option.textContent = option.value + " (" + count + ")";
        option.disabled = count === 0 && option.value !== select.value;
      }
    }
  }

  function chosen(except) {
    const filters = {};
    for (const [name, value] of Object.entries(selected)) if (name !== except) filters[name] = value;
    return filters;
  }

  async function facetCounts(module, query, found) {
    // Pagefind counts each value of a filter as if it were added to the current ones, which
    // for a filter already chosen would count papers having two chapters at once: count that
    // filter's values without its own choice instead.
    const counts = Object.assign({}, found.filters);
    for (const name of Object.keys(selected)) {
      const others = chosen(name);
      if (!query && !Object.keys(others).length) {
        counts[name] = totals[name];
      } else {
        counts[name] = (await module.search(query || null, { filters: others })).filters[name];
      }
    }
    return counts;
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
    article.append(icon, title);
    const where = [data.meta && data.meta.chapter, data.meta && data.meta.kind].filter(Boolean);
    if (where.length) {
      const facts = document.createElement("p");
      facts.className = "sa-search-where";
      facts.textContent = where.join(" · ");
      article.appendChild(facts);
    }
    article.appendChild(excerpt);
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
    const filters = chosen(null);
    const shown = JSON.stringify([query, filters]);
    // Material shows the box's clear button only while it holds text; a chosen filter shows it too.
    box.toggleAttribute("data-filtered", Object.keys(filters).length > 0);
    if (!query && !Object.keys(filters).length) {
      pending = [];
      list.replaceChildren();
      meta.textContent = translate("search.result.placeholder");
      if (facets.length) showCounts(totals);
      box.dataset.shownQuery = "";
      box.dataset.shownSearch = shown;
      return;
    }
    try {
      const module = await pagefind();
      // No query but a filter chosen: Pagefind lists every page the filters leave.
      const found = await module.search(query || null, { filters });
      const counts = facets.length ? await facetCounts(module, query, found) : {};
      if (run !== generation) return;
      pending = found.results.slice();
      list.replaceChildren();
      showCount(found.results.length);
      showCounts(counts);
      await renderMore(run);
      // Which query the list now answers: while the reader types, the list shows the answer to
      // an earlier prefix for a moment, and a script (our browser tests) must not mistake it.
      if (run === generation) {
        box.dataset.shownQuery = query;
        box.dataset.shownSearch = shown;
      }
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
    } else if (open && (event.key === "ArrowDown" || event.key === "ArrowUp") && box.contains(event.target)
               && !(event.target instanceof HTMLSelectElement)) { // a select's arrows pick its options
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
    // Clearing the box clears the filters too: "reset" leaves nothing narrowing the results.
    for (const name of Object.keys(selected)) delete selected[name];
    if (facetPanel) for (const select of facetPanel.querySelectorAll("select")) select.value = "";
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
