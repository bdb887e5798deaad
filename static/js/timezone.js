// Picks the time zone the browser reports, if the list has it. Without script the list
// keeps its first choice (UTC), which can be changed by hand.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  document.querySelectorAll("select[data-detect-timezone]").forEach(function (select) {
    if (zone && select.querySelector('option[value="' + CSS.escape(zone) + '"]')) {
      select.value = zone;
    }
  });
})();
