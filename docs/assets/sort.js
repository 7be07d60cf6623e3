// Sortable comparison tables for Survey Atlas: click a header to sort, click again to flip.
// Cells may carry data-sort with a normalised value (numbers for Params, Data, Upvotes);
// empty values always sort last so unknowns never crowd the top of a ranking.  Cells with a
// data-sort-group (the unit family of a data size) are ordered group by group, in the same
// order both ways, and by value within a group: tokens are never ranked against terabytes.
(function () {
  "use strict";

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return null;
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (raw === "" || raw === "\u2014") return null;
    if (!numeric) return raw.toLocaleLowerCase();
    var number = parseFloat(raw);
    return isNaN(number) ? null : number;
  }

  function compare(a, b, ascending) {
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    var order = typeof a === "number" ? a - b : a.localeCompare(b);
    return ascending ? order : -order;
  }

  function sortBy(table, header, index) {
    var numeric = header.getAttribute("data-sort-type") === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      var cell = row.cells[index];
      var group = cell && cell.getAttribute("data-sort-group");
      return { row: row, value: cellValue(row, index, numeric), group: group || null, position: position };
    });
    rows.sort(function (a, b) {
      return compare(a.group, b.group, true) || compare(a.value, b.value, ascending) || a.position - b.position;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enable(table) {
    if (table.dataset.sortReady || !table.tHead || !table.tBodies.length) return;
    table.dataset.sortReady = "1";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sa-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header, index); });
    });
  }

  function enableAll() {
    document.querySelectorAll("table[data-sortable]").forEach(enable);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(enableAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enableAll);
  } else {
    enableAll();
  }
})();
