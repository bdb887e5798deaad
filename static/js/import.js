// The import's progress, live: asks the server every second and moves the bar. Without
// script the page refreshes itself (a <noscript> meta refresh) and shows the same.
(function () {
  "use strict";
  var card = document.querySelector("[data-import]");
  if (!card || !window.fetch) return;
  var bar = card.querySelector("[data-import-bar]");
  var words = card.querySelector("[data-import-words]");
  var template = words ? words.getAttribute("data-running") : null;
  function poll() {
    fetch(card.getAttribute("data-poll"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        card.setAttribute("data-state", status.state);
        card.setAttribute("data-progress", status.progress);
        if (status.state === "done" || status.state === "failed") {
          window.location.reload();
          return;
        }
        if (bar) { bar.value = status.progress; bar.textContent = status.progress + "%"; }
        if (words && template && status.state === "running") {
          words.textContent = template.replace("{n}", status.progress);
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
