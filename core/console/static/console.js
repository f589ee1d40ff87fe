// Mendian console: a little JavaScript of our own. Every page works without it; it only adds
// comfort: auto-submitting selects, the scanner field, and confirmations.

// Item pickers (data-picker="items"): as the merchant types a name, SKU or barcode, the field's
// datalist fills with matching items (value: the SKU the form sends). Typing the SKU works without it.
(function () {
  "use strict";
  var timers = new WeakMap();
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-picker=items]")) return;
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () {
      fetch("/console/pickers/items?q=" + encodeURIComponent(input.value.trim()), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (found) {
          list.textContent = "";
          found.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.value;
            option.label = item.label;
            option.textContent = item.label;
            list.appendChild(option);
          });
        })
        .catch(function () { /* the field still takes a typed SKU */ });
    }, 200));
  });
})();

// The members list: the box in the head ticks every member of the page; the bar counts those ticked.
(function () {
  "use strict";
  function count(form) {
    var out = document.getElementById("batch-count");
    if (!out) return;
    var n = document.querySelectorAll('input[name=member_id][form="' + form + '"]:checked').length;
    out.textContent = n ? out.getAttribute("data-label").replace("#", n) : "";
  }
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches) return;
    if (box.matches("input[data-select-all]")) {
      var form = box.getAttribute("form");
      document.querySelectorAll('input[name=member_id][form="' + form + '"]').forEach(function (c) { c.checked = box.checked; });
      count(form);
    } else if (box.matches("input[name=member_id][form]")) {
      count(box.getAttribute("form"));
    }
  });
})();

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
  // checkout page, so a scan anywhere lands in it; F2 jumps back to it, Esc clears it. After an
  // item search the first result's Add button has the focus instead: Enter adds it.
  document.addEventListener("DOMContentLoaded", function () {
    var scan = document.querySelector("[data-scan]");
    if (!scan) return;
    var firstResult = document.querySelector("#item-results [data-add-item]");
    if (firstResult) firstResult.focus(); else scan.focus();
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
    till(document.querySelector("#pay-form"));
  });

  // The till's payment: cash, the last tender, takes what the others leave (never below zero)
  // until the cashier types in it; cash typed above that is what was handed over, and the change
  // is shown. The pay button says what will be taken. The server applies the same rule
  // (core/console/views/checkout.py: tenders_from), so the page works without this script too.
  function till(form) {
    if (!form) return;
    var fen = function (text) {
      var value = parseFloat(String(text || "").replace(/[¥￥,\s]/g, ""));
      return isFinite(value) ? Math.round(value * 100) : 0;
    };
    var yuan = function (amount) { return (amount / 100).toFixed(2); };
    var total = fen(form.getAttribute("data-total"));
    var cash = form.querySelector("[data-cash-amount]");
    var given = form.querySelector("[data-cash-given]");
    var change = form.querySelector("[data-cash-change]");
    var summary = form.querySelector("[data-pay-summary]");
    var button = form.querySelector("#pay");
    var others = Array.prototype.filter.call(form.querySelectorAll("[data-tenders] input[inputmode=decimal]"), function (el) {
      return el !== cash;
    });
    var cashTyped = cash.value.trim() !== "";
    function nameOf(input) {
      if (input.getAttribute("data-name")) return input.getAttribute("data-name");
      var label = input.closest("label");
      return label ? label.firstChild.textContent.trim() : input.name;
    }
    function update() {
      var parts = [], taken = 0;
      others.forEach(function (el) {
        var amount = fen(el.value);
        if (amount > 0) { taken += amount; parts.push(nameOf(el) + " ¥" + yuan(amount)); }
      });
      var rest = Math.max(total - taken, 0);
      if (!cashTyped) cash.value = yuan(rest);
      var cashFen = fen(cash.value);
      var handed = given && given.value.trim() !== "" ? fen(given.value) : null;
      var changeFen = 0, cashTaken = cashFen;
      if (handed !== null) changeFen = Math.max(handed - cashFen, 0);
      else if (cashFen > rest && rest > 0) { changeFen = cashFen - rest; cashTaken = rest; }
      if (cashTaken > 0) { taken += cashTaken; parts.push(nameOf(cash) + " ¥" + yuan(cashTaken)); }
      change.textContent = yuan(changeFen);
      change.closest("#change-due").classList.toggle("due", changeFen > 0);
      var gap = total - taken, said = parts.join(" + ");
      if (gap > 0) said += " · " + form.getAttribute("data-text-short") + " ¥" + yuan(gap);
      if (gap < 0) said += " · " + form.getAttribute("data-text-over") + " ¥" + yuan(-gap);
      summary.textContent = said;
      summary.classList.toggle("alert", gap !== 0);
      button.textContent = form.getAttribute("data-text-pay") + " ¥" + yuan(Math.min(taken, total));
    }
    form.addEventListener("input", function (event) {
      if (event.target === cash) cashTyped = cash.value.trim() !== "";  // emptied: it takes the rest again
      update();
    });
    update();
  }
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

