// After login, ask for notification permission; show the answer on <body> and in a banner,
// and follow later changes (the reviewer clicks "Allow", or a test grants it).
(function () {
  "use strict";
  var body = document.body;
  var banner = document.querySelector('[data-testid="notification-banner"]');
  var TEXTS = {
    "default": "Your browser will ask to show notifications from this site: choose \u201cAllow\u201d to see new messages.",
    "granted": "Notifications are on: new messages appear even when this tab is hidden.",
    "denied": "Notifications are off for this site: allow them in the browser (site settings) to be told of new messages."
  };

  function show(value) {
    body.setAttribute("data-notification-permission", value);
    if (!banner) { return; }
    banner.textContent = TEXTS[value] || "";
    banner.setAttribute("data-permission", value);
    banner.hidden = !TEXTS[value];
  }

  if (typeof Notification === "undefined") { show("unsupported"); return; }
  show(Notification.permission);
  if (body.getAttribute("data-logged-in") !== "true") { return; }
  if (navigator.permissions && navigator.permissions.query) {
    navigator.permissions.query({name: "notifications"}).then(function (status) {
      status.onchange = function () { show(Notification.permission); };
    }, function () {});
  }
  if (Notification.permission !== "default") { return; }
  try {
    var asked = Notification.requestPermission(function (value) { show(value); });
    if (asked && typeof asked.then === "function") {
      asked.then(show, function () { show(Notification.permission); });
    }
  } catch (error) {
    show(Notification.permission);
  }
})();
