// The quick exit: the button, or Shift pressed three times within five seconds, replaces
// this page with the configured one. location.replace takes this page out of the history,
// so Back does not bring it back; links between the app's pages replace it too, so the
// visit is one entry. Without JavaScript the button is an ordinary link.
(function () {
  var link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  var cover = document.querySelector("[data-quick-exit-cover]");
  var status = document.querySelector("[data-quick-exit-status]");
  var hint = document.querySelector("[data-quick-exit-hint]");
  var presses = 0;
  var timer = null;
  var shiftDown = false;
  var otherKey = false;
  if (hint) hint.hidden = false;

  function leave(event) {
    if (event) event.preventDefault();
    // Words being written are kept as a draft (static/js/leaving.js); it does not wait.
    if (window.keepDraft) window.keepDraft();
    // Hide what was on screen at once, before the next page has loaded.
    if (cover) cover.hidden = false;
    document.body.classList.add("quick-exit-leaving");
    document.title = cover ? cover.textContent.trim() : "";
    window.location.replace(link.href);
  }

  function reset() {
    presses = 0;
    if (status) status.textContent = "";
  }

  link.addEventListener("click", leave);

  // While the quick exit shows, going from page to page here replaces the history entry
  // instead of adding one, so the whole visit is a single entry and Back after an exit
  // leaves the app. A link within the page only moves there (replaceState). Forms are
  // sent as usual; a link to another site, a new tab or a download is left alone.
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var target = event.target.closest ? event.target.closest("a[href]") : null;
    if (!target || target === link || target.target || target.hasAttribute("download")) return;
    var url = new URL(target.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) {
      window.history.replaceState(window.history.state, "", url.href);
      var anchor = document.getElementById(decodeURIComponent(url.hash.slice(1)));
      if (anchor) {
        anchor.scrollIntoView();
        anchor.focus({ preventScroll: true });
      }
      return;
    }
    window.location.replace(url.href);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      shiftDown = true;
      otherKey = false;
    } else if (shiftDown) {
      otherKey = true; // Shift used for a capital letter, not a press of its own
    }
  });
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    shiftDown = false;
    if (otherKey) return;
    presses += 1;
    window.clearTimeout(timer);
    timer = window.setTimeout(reset, 5000);
    if (presses >= 3) {
      reset();
      leave();
    } else if (status) {
      status.textContent = status.getAttribute(presses === 1 ? "data-one" : "data-two");
    }
  });
  // A page restored from the back-forward cache shows the cover no longer.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && cover) {
      cover.hidden = true;
      document.body.classList.remove("quick-exit-leaving");
    }
  });
})();
