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
      var scan = document.querySelector("[data-scan]");  // the till's content may have been redrawn since
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
    setUpTill(document);
  });

  // What the till's content needs each time it is drawn: the payment's rule, the number pad, the drawer.
  function setUpTill(root) {
    var form = root.querySelector("#pay-form");
    till(form);
    numberPad(form);  // after till(): it finds the amounts by their inputmode, which the pad changes
  }

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
    var summary = document.querySelector("[data-pay-summary]");  // the pay bar sits outside the form
    var button = document.getElementById("pay");
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

  // Touch screens: a number pad types the amounts, under the amount being typed, and the phone's
  // own keyboard stays down (inputmode "none"). A desktop keeps its keyboard and its keys as before.
  var touchScreen = !!(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);
  function numberPad(form) {
    var pad = form && form.querySelector("[data-numpad]");
    if (!pad || !touchScreen) return;
    var field = null, fresh = false;
    Array.prototype.forEach.call(form.querySelectorAll("input[inputmode=decimal]"), function (input) {
      input.setAttribute("inputmode", "none");
      input.setAttribute("data-numpad-field", "");
    });
    form.addEventListener("focusin", function (event) {
      var input = event.target;
      if (input.hasAttribute && input.hasAttribute("data-numpad-field")) {
        field = input; fresh = true;  // the first key replaces what is there (cash's "takes the rest" figure)
        (input.closest("label") || input).after(pad);
        pad.hidden = false;
      } else if (input.tagName === "INPUT") {
        pad.hidden = true; field = null;
      }
    });
    pad.addEventListener("mousedown", function (event) { event.preventDefault(); });  // the amount keeps the focus
    pad.addEventListener("click", function (event) {
      var key = event.target.closest("[data-key]");
      if (!key || !field) return;
      var k = key.getAttribute("data-key"), value = fresh ? "" : field.value;
      if (k === "done") { pad.hidden = true; field.blur(); field = null; return; }
      if (k === "clear") value = "";
      else if (k === "back") value = field.value.slice(0, -1);
      else if (k === "." && value.indexOf(".") >= 0) return;
      else if (k !== "." && /\.\d\d$/.test(value)) return;  // a fen is the smallest amount
      else value = (value === "0" && k !== ".") ? k : (value === "" && k === "." ? "0." : value + k);
      fresh = false;
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  // The item grid's tiles, the lines' − / + and their quantities post without leaving the page: the
  // till the server answers with replaces the page's content, keeping the scroll. Taps go one after
  // another, each read from the page the one before left, so two quick taps on a new order add two
  // of an item to one order rather than open two. Without fetch, or if it fails, the form posts as usual.
  var sending = Promise.resolve();
  document.addEventListener("submit", function (event) {
    var form = event.target;
    // A browser that cannot say which tile was tapped (no event.submitter) posts the form itself.
    if (event.defaultPrevented || !form.hasAttribute("data-enhance") || !window.fetch || !("submitter" in event)) return;
    event.preventDefault();
    var key = event.submitter ? event.submitter.getAttribute("data-enhance-key") : null, formId = form.id;
    if (event.submitter) event.submitter.classList.add("sending");
    sending = sending.then(function () {
      var button = key ? document.querySelector('[data-enhance-key="' + key + '"]') : null;
      var current = button ? button.form : document.getElementById(formId);
      if (!current || (key && !button)) return null;  // its line is gone: nothing left to change
      var data = new FormData(current);
      if (button) data.append(button.name, button.value);
      return fetch(current.action, { method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
                                     headers: { Accept: "text/html" } })
        .then(function (response) {
          if ((response.headers.get("content-type") || "").indexOf("text/html") !== 0) throw new Error("not a page");
          return response.text().then(function (html) { redraw(html, response.redirected ? response.url : null); });
        })
        .catch(function () {
          current.removeAttribute("data-enhance");
          if (button) button.click(); else current.submit();
        });
    });
  });

  function redraw(html, url) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.querySelector("main.content"), main = document.querySelector("main.content");
    if (!fresh || !main) { window.location.assign(url || window.location.href); return; }
    main.innerHTML = fresh.innerHTML;
    document.title = page.title;
    if (url) window.history.replaceState(null, "", url);
    setUpTill(main);
    var scan = main.querySelector("[data-scan]");
    if (scan && !touchScreen) scan.focus();  // a scanner keeps working after a tap; a phone keeps its keyboard down
  }

  // The held-orders drawer is a <details>: it works without us; we add its close button and Esc.
  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("[data-drawer-close]");
    if (close) close.closest("details").open = false;
  });
  document.addEventListener("keydown", function (event) {
    var drawer = document.querySelector("details[data-drawer][open]");
    if (event.key === "Escape" && drawer) drawer.open = false;
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

