// Member pages: the code button's countdown, the phone copied to the sign-in form, the member
// QR code renewed before it expires. Pages work without it.
(function () {
  "use strict";
  var send = document.getElementById("send-code");
  if (send) {
    var wait = parseInt(send.dataset.wait || "0", 10);
    var tick = function () {
      if (wait > 0) {
        send.disabled = true;
        send.textContent = send.dataset.again.replace("{s}", wait);
        wait -= 1;
        setTimeout(tick, 1000);
      } else {
        send.disabled = false;
        send.textContent = send.dataset.label;
      }
    };
    tick();
  }
  var phone = document.getElementById("phone");
  var copy = document.querySelector("[data-copy=phone]");
  if (phone && copy) {
    phone.addEventListener("input", function () { copy.value = phone.value; });
  }
  var qr = document.getElementById("member-qr");
  if (qr) {
    var every = parseInt(qr.dataset.refreshMs, 10);
    var renew = function () {
      fetch(qr.dataset.refreshUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (c) { qr.innerHTML = c.qr_svg; qr.dataset.code = c.code; setTimeout(renew, every); })
        .catch(function () { setTimeout(renew, 10000); });
    };
    setTimeout(renew, every);
  }
  // Countdowns: <span data-countdown="SECONDS" data-expired="text">, counted from the server's
  // figure (a phone's clock may be wrong), shown as "1天 02:03:04" or "02:03"; at zero the text
  // becomes data-expired and, with data-reload, the page reloads to show what happened.
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var show = function (el, left) {
    if (left <= 0) {
      el.textContent = el.dataset.expired || "00:00";
      if (el.dataset.reload !== undefined) { setTimeout(function () { location.reload(); }, 1500); }
      return false;
    }
    var d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
    el.textContent = (d ? d + (el.dataset.day || "d") + " " : "") + (d || h ? pad(h) + ":" : "") + pad(m) + ":" + pad(s);
    return true;
  };
  [].forEach.call(document.querySelectorAll("[data-countdown]"), function (el) {
    var end = Date.now() + parseInt(el.dataset.countdown, 10) * 1000;
    var step = function () {
      if (show(el, Math.round((end - Date.now()) / 1000))) { setTimeout(step, 1000); }
    };
    step();
  });
})();
// Copy-link buttons (share pages): <button data-copy-link="INPUT_ID" data-copied="text"
// hidden> shows only where this script runs; without it the link stays in its input to select.
(function () {
  "use strict";
  [].forEach.call(document.querySelectorAll("[data-copy-link]"), function (button) {
    var field = document.getElementById(button.dataset.copyLink);
    if (!field) { return; }
    var label = button.textContent;
    var copied = function () {
      button.textContent = button.dataset.copied;
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(copied, function () { field.select(); });
      } else if (document.execCommand("copy")) {
        copied();
      }
    });
  });
})();
