// Survey Atlas listing filters: the form above the all-papers and tag tables
// (templates/papers.html.j2) narrows the table's rows by kind, modality, linked code and a
// parameter range, read from each row's data-filter-* attributes (generator/render/facets.py).
// The form is hidden in the HTML and shown here, so a reader without JavaScript gets the whole
// table and no dead controls.  Rows are hidden, never removed or reordered, so sort.js keeps
// sorting all of them.  Each option's count says how many rows choosing it would leave, given
// the other filters.  Values are read and written as text only (textContent, attributes).
(function () {
  "use strict";

  var BILLION = 1e9;

  function rangeValue(input, scale) {
    if (!input || input.value.trim() === "") return null;
    var number = parseFloat(input.value);
    return isNaN(number) ? null : number * scale;
  }

  function setup(form) {
    if (form.dataset.filtersReady) return;
    var table = form.parentNode.querySelector("table[data-filterable]");
    if (!table || !table.tBodies.length) return;
    form.dataset.filtersReady = "1";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var low = form.elements["params-min"];
    var high = form.elements["params-max"];
    var status = form.querySelector("output");

    function matches(row, except) {
      for (var i = 0; i < selects.length; i++) {
        var select = selects[i];
        if (select === except || !select.value) continue;
        if (row.getAttribute("data-filter-" + select.name) !== select.value) return false;
      }
      var min = rangeValue(low, BILLION);
      var max = rangeValue(high, BILLION);
      if (min === null && max === null) return true;
      // A range asks for papers that state a parameter count: rows without one are left out.
      var params = parseFloat(row.getAttribute("data-filter-params"));
      if (isNaN(params)) return false;
      return (min === null || params >= min) && (max === null || params <= max);
    }

    function recount(select) {
      var left = rows.filter(function (row) { return matches(row, select); });
      Array.prototype.forEach.call(select.options, function (option) {
        var count = option.value
          ? left.filter(function (row) { return row.getAttribute("data-filter-" + select.name) === option.value; }).length
          : left.length;
        option.textContent = (option.value || "All") + " (" + count + ")";
        option.disabled = count === 0 && option.value !== select.value;
      });
    }

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = matches(row, null);
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      selects.forEach(recount);
      status.textContent = shown === rows.length
        ? "Showing all " + rows.length + " papers"
        : "Showing " + shown + " of " + rows.length + " papers";
      table.dataset.shownRows = String(shown);
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply); }); // after the form is cleared
    form.hidden = false;
    apply();
  }

  function setupAll() {
    document.querySelectorAll("form[data-listing-filters]").forEach(setup);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setupAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
