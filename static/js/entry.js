/* Entry pages: digit grouping while typing, and Enter moving down a column of the grid.
   Loaded as a file (no inline script) so that a Content-Security-Policy without 'unsafe-inline' works.
   The server accepts plain digits or digits grouped with the page language's separator, so this is only a help. */
(function () {
  "use strict";
  var separator = document.documentElement.lang === "en" ? "," : ".";

  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }

  // Regroup the digits of a count box, keeping the caret after the same digit; anything else is left alone.
  function regroup(input) {
    var value = input.value;
    var plain = value.split(separator).join("");
    if (!/^\d+$/.test(plain)) { return; }
    var caret = input.selectionStart === null ? value.length : input.selectionStart;
    var digitsBefore = value.slice(0, caret).split(separator).join("").length;
    var grouped = group(plain);
    if (grouped === value) { return; }
    input.value = grouped;
    var position = 0, seen = 0;
    while (position < grouped.length && seen < digitsBefore) {
      if (grouped[position] !== separator) { seen += 1; }
      position += 1;
    }
    input.setSelectionRange(position, position);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("input[data-count]")) { regroup(event.target); }
  });

  // In the grid, Enter moves to the same column of the next row instead of submitting half-typed figures.
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.matches("[data-grid] input:not([type=checkbox])")) { return; }
    var cell = input.closest("td"), row = input.closest("tr");
    var column = Array.prototype.indexOf.call(row.children, cell);
    var next = row.nextElementSibling;
    while (next && !next.classList.contains("grid-row")) { next = next.nextElementSibling; }
    event.preventDefault();
    if (next && next.children[column]) {
      var target = next.children[column].querySelector("input");
      if (target) { target.focus(); target.select(); }
    }
  });

  Array.prototype.forEach.call(document.querySelectorAll("input[data-count]"), regroup);
}());
