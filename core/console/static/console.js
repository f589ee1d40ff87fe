// Mendian console: a little JavaScript of our own. Every page works without it; it only adds
// comfort: auto-submitting selects, the scanner field, and confirmations.
(function () {
  "use strict";

  // A select marked data-autosubmit submits its form when changed (the store switch).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]")) el.form.submit();
  });

  // Buttons with data-confirm ask first (refunds, disabling a plugin).
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) event.preventDefault();
  });

  // A barcode scanner types fast and ends with Enter. The scan field keeps the focus on the
  // checkout page, so a scan anywhere lands in it; F2 jumps back to it, Esc clears it.
  document.addEventListener("DOMContentLoaded", function () {
    var scan = document.querySelector("[data-scan]");
    if (!scan) return;
    scan.focus();
    document.addEventListener("keydown", function (event) {
      if (event.key === "F2") { event.preventDefault(); scan.focus(); scan.select(); }
      if (event.key === "Escape" && document.activeElement === scan) scan.value = "";
    });
    // Tender shortcut: F9 focuses the first payment amount.
    document.addEventListener("keydown", function (event) {
      if (event.key === "F9") {
        var pay = document.querySelector("[data-pay-first]");
        if (pay) { event.preventDefault(); pay.focus(); pay.select(); }
      }
    });
    // Cash: show the change as the cashier types what the customer handed over.
    var given = document.querySelector("[data-cash-given]");
    var amount = document.querySelector("[data-cash-amount]");
    var change = document.querySelector("[data-cash-change]");
    function showChange() {
      if (!given || !amount || !change) return;
      var diff = Math.round((parseFloat(given.value || "0") - parseFloat(amount.value || "0")) * 100) / 100;
      change.textContent = diff > 0 ? diff.toFixed(2) : "0.00";
    }
    if (given) { given.addEventListener("input", showChange); amount.addEventListener("input", showChange); }
  });
})();

// Long uploads (member import): show a progress bar and keep the button from a second click.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-progress")) return;
  var bar = form.querySelector("progress");
  if (bar) bar.hidden = false;
  var button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
});

// A running import: poll its progress, move the bar, and show the report once it has ended.
(function () {
  var bar = document.querySelector("progress[data-poll]");
  if (!bar) return;
  var count = document.querySelector("#import-run [data-done]");
  function poll() {
    fetch(bar.getAttribute("data-poll"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (run) {
        bar.max = run.total || 1; bar.value = run.done;
        if (count) count.textContent = run.done;
        if (run.status === "running") setTimeout(poll, 1000); else window.location.reload();
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();

// A colour input marked data-preview paints its preview (the member pages' top bar) as it moves.
document.addEventListener("input", function (event) {
  var el = event.target;
  if (!el.matches || !el.matches("input[type=color][data-preview]")) return;
  var preview = document.querySelector(el.getAttribute("data-preview"));
  if (preview) preview.style.background = el.value;
});
