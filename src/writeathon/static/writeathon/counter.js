// Keeps the live counter current without reloading the page. Without JavaScript the
// page still shows the count as of when it was loaded.
(function () {
  "use strict";
  var box = document.querySelector("[data-counter]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-counter-url");
  // Group digits exactly as the server does for this language, so a refresh changes
  // only the number, never its look.
  var separator = box.getAttribute("data-thousands") || ",";
  var format = {
    format: function (value) {
      return String(Math.floor(value)).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
    }
  };
  var INTERVAL_MS = 10000;

  function setText(selector, value) {
    document.querySelectorAll(selector).forEach(function (el) {
      var text = format.format(value);
      if (el.textContent !== text) { el.textContent = text; }
    });
  }

  function apply(data) {
    setText("[data-counter-total]", data.total);
    (data.cases || []).forEach(function (item) {
      setText('[data-counter-case="' + item.slug + '"]', item.total);
    });
    var progress = document.querySelector("[data-counter-progress]");
    if (progress && data.goal) {
      var percent = Math.min(100, Math.floor((data.total * 100) / data.goal));
      progress.setAttribute("aria-valuenow", String(percent));
      // Widths are classes (w-0 ... w-100 in site.css): the Content-Security-Policy allows
      // no inline style.
      var bar = progress.querySelector(".progress-bar");
      if (bar && !bar.classList.contains("w-" + percent)) {
        bar.className = bar.className.replace(/(^|\s)w-\d+(?=\s|$)/g, " ").trim() + " w-" + percent;
      }
      document.querySelectorAll("[data-counter-percent]").forEach(function (el) {
        el.textContent = format.format(percent);
      });
    }
  }

  function refresh() {
    if (document.hidden) { return; }
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { apply(data); } })
      .catch(function () { /* offline for a moment: try again next time */ });
  }

  window.setInterval(refresh, INTERVAL_MS);
  document.addEventListener("visibilitychange", refresh);
  box.addEventListener("writeathon:refresh", refresh);
})();
