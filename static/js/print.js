/* The report's "Print / save as PDF" button: the browser's own print dialog, where PDF is one of the printers.
   Loaded as a file (no inline script) for the Content-Security-Policy; without script the button stays hidden. */
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
