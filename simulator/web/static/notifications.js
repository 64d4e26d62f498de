// After login, ask for notification permission and expose the answer on <body>.
(function () {
  "use strict";
  var body = document.body;
  function show(value) { body.setAttribute("data-notification-permission", value); }
  if (typeof Notification === "undefined") { show("unsupported"); return; }
  show(Notification.permission);
  if (body.getAttribute("data-logged-in") !== "true") { return; }
  try {
    var asked = Notification.requestPermission(function (value) { show(value); });
    if (asked && typeof asked.then === "function") {
      asked.then(show, function () { show(Notification.permission); });
    }
  } catch (error) {
    show(Notification.permission);
  }
})();
