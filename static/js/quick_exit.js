// The quick exit: the button, or Shift pressed three times within five seconds, replaces
// this page with the configured one. location.replace takes this page out of the history,
// so Back does not bring it back. Without JavaScript the button is an ordinary link.
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
