// Login page: ENTER opens the desk window synchronously (so no popup blocker stops it),
// then posts the credentials; on success the new window goes to the desk, on failure it
// closes and the error shows here, with the typed login kept.
(function () {
  "use strict";
  var form = document.getElementById("login-form");
  var errorBox = document.querySelector('[data-testid="login-error"]');
  var csrf = document.querySelector('meta[name="csrf-token"]').content;

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = false;
  }

  function isBlank(win) {
    try { return !!win && win.location.href === "about:blank"; } catch (e) { return false; }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    errorBox.hidden = true;
    // "" (about:blank for a new window) keeps an already open desk as it is.
    var desk = window.open("", form.dataset.windowName);
    var fresh = isBlank(desk);
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrf}
    }).then(function (response) {
      return response.json().catch(function () {
        return {ok: false, error: "The server answered HTTP " + response.status + "."};
      });
    }).then(function (answer) {
      if (answer.ok) {
        if (desk) { desk.location.href = answer.desk_url; } else { window.location.href = answer.desk_url; }
        return;
      }
      if (desk && fresh) { desk.close(); }
      showError(answer.error || "Login failed.");
    }).catch(function () {
      if (desk && fresh) { desk.close(); }
      showError("The server could not be reached. Try again.");
    });
  });
}());
