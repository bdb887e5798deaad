// Today's mood in one tap, without leaving the home: each button of the faces' form
// (data-mood-today) is sent in place and the answer presses the buttons. Without script,
// or if the fetch cannot start, each tap is the form's own POST and the page comes back.
(function () {
  "use strict";
  var form = document.querySelector("form[data-mood-today]");
  if (!form || !window.fetch || !window.FormData) return;
  var said = form.querySelector("[data-mood-said]");
  var busy = false;

  function press(mood, tags) {
    form.querySelectorAll("button[data-mood]").forEach(function (button) {
      var chosen = String(mood) === button.getAttribute("data-mood");
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
      // The chosen face, tapped again, clears the day's mood.
      button.name = chosen ? "clear" : "mood";
      button.value = chosen ? "1" : button.getAttribute("data-mood");
    });
    form.querySelectorAll("button.quick-tag").forEach(function (button) {
      var on = tags.indexOf(Number(button.value)) !== -1;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.name = on ? "quick_tag_off" : "quick_tag";
    });
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.name) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    form.setAttribute("aria-busy", "true");
    var data = new FormData(form);
    data.append(button.name, button.value);
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) throw new Error(answer.error || "");
          return answer;
        });
      })
      .then(function (answer) {
        press(answer.mood, answer.quick_tags || []);
        if (said) said.textContent = answer.said;
      })
      .catch(function (problem) {
        if (said) said.textContent = problem.message || form.getAttribute("data-not-saved");
      })
      .then(function () {
        busy = false;
        form.removeAttribute("aria-busy");
      });
  });
})();
