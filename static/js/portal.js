// Progressive enhancement only: every page works for reading without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen-reader users hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // Language select submits itself; the button stays for keyboard and no-JS use.
  document.querySelectorAll("[data-poll-url]").forEach(function (el) { window.Portal && window.Portal.poll(el); });
});
window.Portal = window.Portal || {};
// Poll a status URL (JSON {status, html?, done}) and update the element in place; used for
// long work such as imports and report rendering. aria-live on the element announces changes.
window.Portal.poll = function (el) {
  var url = el.getAttribute("data-poll-url");
  var interval = parseInt(el.getAttribute("data-poll-interval") || "2000", 10);
  function tick() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (data.html !== undefined) { el.innerHTML = data.html; }
        if (!data.done) { setTimeout(tick, interval); }
      })
      .catch(function () { setTimeout(tick, interval * 2); });
  }
  setTimeout(tick, interval);
};
