/* Review page: a "select all" box for the figures to approve. Without it each box is ticked by hand. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var all = event.target;
    if (!all.matches("[data-select-all]")) { return; }
    var boxes = all.form.querySelectorAll('input[type="checkbox"][name="' + all.dataset.selectAll + '"]');
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
}());
