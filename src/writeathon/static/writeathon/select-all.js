// A "select all on this page" box for the staff outbox tables. Without JavaScript it stays
// hidden and each row is ticked by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (wrapper) {
    var box = wrapper.querySelector("input[type=checkbox]");
    var form = wrapper.closest("form");
    if (!box || !form) { return; }
    var name = box.getAttribute("data-select-all-for");
    var rows = form.querySelectorAll('input[type=checkbox][name="' + name + '"]');
    if (!rows.length) { return; }
    function sync() {
      var ticked = 0;
      rows.forEach(function (row) { if (row.checked) { ticked += 1; } });
      box.checked = ticked === rows.length;
      box.indeterminate = ticked > 0 && ticked < rows.length;
    }
    box.addEventListener("change", function () {
      rows.forEach(function (row) { row.checked = box.checked; });
    });
    rows.forEach(function (row) { row.addEventListener("change", sync); });
    wrapper.hidden = false;
    var fallback = wrapper.parentNode.querySelector("[data-select-all-fallback]");
    if (fallback) { fallback.hidden = true; }
    sync();
  });
})();
