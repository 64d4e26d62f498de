// Messenger chat: send with fetch (Enter sends, Shift+Enter adds a line), live replies by SSE.
(function () {
  "use strict";
  var root = document.querySelector('[data-testid="messenger"]');
  if (!root) { return; }
  var list = root.querySelector('[data-testid="message-list"]');
  var input = root.querySelector('[data-testid="message-input"]');
  var form = root.querySelector("form.composer");
  var errorBox = root.querySelector('[data-testid="send-error"]');

  function hasBubble(mid) {
    return Array.prototype.some.call(list.children, function (li) {
      return li.getAttribute("data-mid") === mid;
    });
  }

  function addBubble(mid, from, text) {
    if (mid && hasBubble(mid)) { return; }
    var li = document.createElement("li");
    li.className = "bubble " + from;
    li.setAttribute("data-testid", "message-bubble");
    li.setAttribute("data-from", from);
    li.setAttribute("data-mid", mid || "");
    li.textContent = text;  // never innerHTML: customer text is data
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
  }

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }

  function send() {
    var text = input.value;
    if (!text.trim()) { return; }
    input.value = "";
    showError("");
    fetch(root.getAttribute("data-send-url"), {
      method: "POST",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      credentials: "same-origin",
      body: JSON.stringify({text: text})
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error((body.error && body.error.message) || "Not sent."); }
        addBubble(body.mid, "customer", text);
      });
    }).catch(function (error) {
      input.value = text;
      showError(error.message);
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); send(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });

  var source = new EventSource(root.getAttribute("data-events-url"));
  source.addEventListener("message", function (event) {
    var data = JSON.parse(event.data);
    var text = data.text !== null && data.text !== undefined ? data.text
      : "[" + (data.attachment && data.attachment.type) + "]";
    addBubble(data.mid, data.from, text);
  });
  list.scrollTop = list.scrollHeight;
  input.focus();
})();
