// "What helped?" in one tap, without leaving the page: the form goes by fetch and its
// block comes back updated, focus kept on the button tapped. Without script, or if the
// request fails, the form posts as usual and the page reloads with the answer.
(function () {
  if (window.whatHelpedReady || !window.fetch || !window.FormData) return;
  window.whatHelpedReady = true;

  function send(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var key = submitter ? submitter.getAttribute("data-helped-key") : null;
    var block = form.closest("[data-what-helped-block]");
    block.setAttribute("aria-busy", "true");
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (response.status !== 200 && response.status !== 400) throw new Error("not answered");
      return response.text();
    }).then(function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fresh = holder.querySelector("[data-what-helped-block]");
      if (!fresh) throw new Error("no block");
      block.replaceWith(fresh);
      var focus = fresh.querySelector("[data-helped-problem]") ||
        (key && fresh.querySelector('[data-helped-key="' + key + '"]')) ||
        fresh.querySelector("[data-helped-said]");
      if (focus) {
        if (!focus.hasAttribute("tabindex") && focus.tagName === "P") focus.setAttribute("tabindex", "-1");
        focus.focus();
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-what-helped")) return;
    if (form.getAttribute("data-sending")) { event.preventDefault(); return; }
    event.preventDefault();
    var submitter = event.submitter || null;
    form.setAttribute("data-sending", "1");
    send(form, submitter).catch(function () {
      // The plain way: the tapped button's name and value go with the form.
      form.removeAttribute("data-sending");
      if (submitter && submitter.name) {
        var carried = document.createElement("input");
        carried.type = "hidden";
        carried.name = submitter.name;
        carried.value = submitter.value;
        form.appendChild(carried);
      }
      form.submit();
    });
  });
})();
