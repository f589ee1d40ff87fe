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
})();
