// A live countdown for the pause page; without JavaScript the page shows the clock time.
(function () {
  var root = document.querySelector("[data-pause-until]");
  var left = document.querySelector("[data-countdown-left]");
  if (!root || !left) return;
  var until = Date.parse(root.getAttribute("data-pause-until"));
  if (isNaN(until)) return;
  left.hidden = false;
  function tick() {
    var seconds = Math.max(0, Math.round((until - Date.now()) / 1000));
    var text = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    left.textContent = seconds > 0 ? text + " " + (left.getAttribute("data-label") || "left") : "";
    if (seconds > 0) window.setTimeout(tick, 1000);
    else left.textContent = left.getAttribute("data-done") || "The ten minutes are over.";
  }
  tick();
})();
