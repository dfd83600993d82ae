/* Puts back into the page's form what was typed before the session ended (see coverage/session_expiry.py).
   The data comes from a JSON block written by templates/includes/recovered_form.html; nothing is submitted. */
(function () {
  "use strict";
  var holder = document.getElementById("recovered-form");
  if (!holder) { return; }
  var data = JSON.parse(holder.textContent);
  var names = Object.keys(data);

  // The form meant is the POST form that has the most of the kept field names.
  var best = null, bestCount = 0;
  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
    if ((form.getAttribute("method") || "").toLowerCase() !== "post") { return; }
    var count = names.filter(function (name) { return form.elements.namedItem(name); }).length;
    if (count > bestCount) { best = form; bestCount = count; }
  });
  if (!best) { return; }

  var seen = {};
  Array.prototype.forEach.call(best.elements, function (el) {
    var values = data[el.name];
    var type = (el.type || "").toLowerCase();
    if (!values || el.name === "csrfmiddlewaretoken" || ["password", "file", "submit", "button", "reset"].indexOf(type) !== -1) {
      return;
    }
    if (type === "checkbox" || type === "radio") {
      el.checked = values.indexOf(el.value) !== -1;
    } else if (type === "select-multiple") {
      Array.prototype.forEach.call(el.options, function (option) { option.selected = values.indexOf(option.value) !== -1; });
    } else {
      // Repeated names (e.g. two fields called "value") take the kept values in document order.
      var index = seen[el.name] || 0;
      seen[el.name] = index + 1;
      if (index < values.length) { el.value = values[index]; }
    }
    // Scripts of the page that follow what is typed (number formatting, the admin's widgets) see it too.
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
}());
