// Counts what is left in a text box with data-limit, as you type. Without script, the
// help text names the limit and the server explains a text that is too long.
(function () {
  "use strict";
  // Grouped as the server groups the limit in the help text ("Up to 20 000"), whatever
  // the browser's own language would do.
  function grouped(n, separator) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }
  document.querySelectorAll("textarea[data-limit]").forEach(function (box) {
    var limit = parseInt(box.getAttribute("data-limit"), 10);
    var separator = box.getAttribute("data-thousands") || ",";
    var counter = document.createElement("p");
    counter.className = "form-text char-counter";
    counter.id = box.id + "-counter";
    counter.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", counter);
    var described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var lastSaid = null;
    function update() {
      var left = limit - box.value.length;
      var words = box.getAttribute(left >= 0 ? "data-left" : "data-over");
      var text = words.replace("{n}", grouped(Math.abs(left), separator));
      // Say it out loud only every 1,000 characters, or near and past the limit.
      var step = left < 500 ? left : Math.floor(left / 1000);
      if (step !== lastSaid) {
        counter.textContent = text;
        lastSaid = step;
      }
      counter.classList.toggle("text-danger", left < 0);
    }
    box.addEventListener("input", update);
    update();
  });
})();
