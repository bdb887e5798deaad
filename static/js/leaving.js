// Leaving without losing words, and without leaving a session open.
//
// keepDraft(): a new entry or urge being written (a form marked data-draft="<url>") is sent
// to that address with sendBeacon, which does not wait, so the quick exit stays instant.
// Only a form someone typed in is sent; its photos never are.
//
// The idle sign-out (body data-idle-minutes): after that many minutes with no key, touch,
// scroll or typing, the draft is kept, the session is ended and the page goes to the quick
// exit's page if it has one, or to the sign-in. While someone is active the server hears
// so at most once a minute (data-still-here), so its own check never ends a session that
// is in use.
(function () {
  var body = document.body;
  var typed = false;

  document.addEventListener("input", function (event) {
    if (event.target.form && event.target.form.hasAttribute("data-draft")) typed = true;
  });
  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-draft")) typed = false; // it is being saved for real
  });

  function token() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function draftData() {
    var form = document.querySelector("form[data-draft]");
    if (!form || !typed) return null;
    var data = new FormData(form);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
      data.delete(input.name);
    });
    return { url: form.getAttribute("data-draft"), data: data };
  }

  window.keepDraft = function () {
    var draft = draftData();
    if (!draft || !navigator.sendBeacon) return;
    if (navigator.sendBeacon(draft.url, draft.data)) typed = false;
  };

  var minutes = parseFloat(body.getAttribute("data-idle-minutes") || "");
  var stillHere = body.getAttribute("data-still-here");
  if (!minutes || !stillHere) return;
  var lastActive = Date.now();
  var lastTold = Date.now();
  var leaving = false;

  function active() {
    lastActive = Date.now();
    if (lastActive - lastTold < 60000 || !navigator.sendBeacon) return;
    lastTold = lastActive;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token());
    navigator.sendBeacon(stillHere, data);
  }
  ["keydown", "pointerdown", "scroll", "input"].forEach(function (name) {
    document.addEventListener(name, active, { capture: true, passive: true });
  });

  function post(url, data) {
    return fetch(url, { method: "POST", body: data, credentials: "same-origin", keepalive: true, redirect: "manual" })
      .catch(function () {});
  }

  function signOut() {
    leaving = true;
    var draft = draftData();
    var exit = document.querySelector("[data-quick-exit]");
    var logout = new FormData();
    logout.append("csrfmiddlewaretoken", token());
    // The draft first, then the sign-out: a draft that arrived after it would be refused.
    (draft ? post(draft.url, draft.data) : Promise.resolve())
      .then(function () { return post(body.getAttribute("data-logout"), logout); })
      .then(function () {
        window.location.replace(exit ? exit.href : body.getAttribute("data-signed-out"));
      });
  }

  // A check every few seconds rather than one long timer, so a laptop that slept past the
  // time signs out as soon as it wakes.
  window.setInterval(function () {
    if (!leaving && Date.now() - lastActive >= minutes * 60000) signOut();
  }, 5000);
})();
