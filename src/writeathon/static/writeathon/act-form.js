// The one form of a case page. Without JavaScript every way shows its text under its box
// (closed <details> the reader opens); with it, a way's text shows only while it is ticked,
// and the button says how many actions it sends.
(function () {
  "use strict";
  document.querySelectorAll("[data-act-form]").forEach(function (form) {
    var button = form.querySelector("[data-act-submit]");
    var ways = form.querySelectorAll("[data-way]");
    function sync(opening) {
      var ticked = 0;
      ways.forEach(function (way) {
        var box = way.querySelector("input[type=checkbox][name=ways]");
        var text = way.querySelector("[data-way-text]");
        if (!box) { return; }
        if (box.checked) { ticked += 1; }
        if (!text) { return; }
        text.hidden = !box.checked;
        if (box.checked && opening === box && text.tagName === "DETAILS") { text.open = true; }
      });
      if (button) {
        var label = button.getAttribute("data-label-" + Math.max(1, ticked));
        if (label) { button.textContent = label; }
      }
    }
    ways.forEach(function (way) {
      var box = way.querySelector("input[type=checkbox][name=ways]");
      if (box) { box.addEventListener("change", function () { sync(box); }); }
    });
    sync(null);
  });
})();
