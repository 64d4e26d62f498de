// The agent desk: STATUS menu, chat list, chat panel and replies, kept live over SSE.
// Every text that comes from a customer or the server is inserted with textContent.
(function () {
  "use strict";
  var root = document.querySelector('[data-testid="desk"]');
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  function $(testid) { return root.querySelector('[data-testid="' + testid + '"]'); }

  var els = {
    menu: $("status-menu"), options: root.querySelector(".status-options"),
    current: $("current-status"), deskError: $("desk-error"),
    list: $("chat-list"), empty: $("chat-list-empty"), panel: $("chat-panel"),
    noChat: $("no-chat-selected"), panelName: $("chat-panel-name"),
    messages: $("chat-messages"), form: $("reply-form"), input: $("reply-input"),
    send: $("reply-send"), replyError: $("reply-error")
  };
  var cardTemplate = document.getElementById("chat-card-template");
  var chats = new Map();   // chat id -> {data, card, messages: Map(mid -> message), draft}
  var selectedId = null;

  // -- helpers -----------------------------------------------------------------------
  function postJson(url, data) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(data),
      headers: {"Accept": "application/json", "Content-Type": "application/json",
                "X-CSRFToken": csrf}
    }).then(function (response) {
      return response.json().catch(function () {
        return {ok: false, error: "The server answered HTTP " + response.status + "."};
      });
    }, function () {
      return {ok: false, error: "The server could not be reached. Try again."};
    });
  }
  function showError(box, text) { box.textContent = text; box.hidden = !text; }
  function timeOf(ms) {
    return ms ? new Date(ms).toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"}) : "";
  }

  // -- notifications -------------------------------------------------------------------
  function updatePermission() {
    document.body.dataset.notificationPermission =
      ("Notification" in window) ? Notification.permission : "unsupported";
  }
  function askPermission() {
    updatePermission();
    if (!("Notification" in window)) { return; }
    if (Notification.permission === "default") {
      try {
        var asked = Notification.requestPermission(updatePermission);
        if (asked && asked.then) { asked.then(updatePermission, updatePermission); }
      } catch (e) { updatePermission(); }
    }
    if (navigator.permissions && navigator.permissions.query) {
      navigator.permissions.query({name: "notifications"}).then(function (state) {
        state.onchange = updatePermission;
      }, function () {});
    }
  }
  function notifyNewChat(chat) {
    updatePermission();
    if (!("Notification" in window) || Notification.permission !== "granted") { return; }
    try {
      new Notification("New chat: " + chat.customer_name,
                       {body: chat.last_message || "", tag: "chat-" + chat.id});
    } catch (e) { /* some browsers only allow notifications from a service worker */ }
  }

  // -- status menu ---------------------------------------------------------------------
  function setStatus(status) {
    els.current.dataset.status = status.status;
    els.current.textContent = status.label;
  }
  function openMenu(open) {
    els.options.hidden = !open;
    els.menu.setAttribute("aria-expanded", open ? "true" : "false");
  }
  els.menu.addEventListener("click", function () { openMenu(els.options.hidden); });
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".status-menu")) { openMenu(false); }
  });
  els.options.addEventListener("click", function (event) {
    var option = event.target.closest('[data-testid="status-option"]');
    if (!option) { return; }
    openMenu(false);
    postJson(root.dataset.statusUrl, {status: option.dataset.status}).then(function (answer) {
      if (answer.ok) { setStatus(answer); showError(els.deskError, ""); }
      else { showError(els.deskError, answer.error); }
    });
  });

  // -- chats and messages --------------------------------------------------------------
  function upsertChat(data) {
    var entry = chats.get(data.id);
    if (!entry) {
      var item = cardTemplate.content.firstElementChild.cloneNode(true);
      var card = item.querySelector('[data-testid="chat-card"]');
      card.dataset.chatId = String(data.id);
      card.addEventListener("click", function () { select(data.id); });
      els.list.appendChild(item);
      entry = {card: card, messages: new Map(), draft: ""};
      chats.set(data.id, entry);
    }
    entry.data = data;
    entry.card.querySelector('[data-testid="chat-customer-name"]').textContent =
      data.customer_name;
    entry.card.querySelector('[data-testid="chat-last-message"]').textContent =
      data.last_message || "";
    (data.messages || []).forEach(addMessage);
    els.empty.hidden = chats.size > 0;
    if (selectedId === data.id) { els.panelName.textContent = data.customer_name; }
  }

  function addMessage(message) {
    var entry = chats.get(message.chat_id);
    if (!entry || entry.messages.has(message.mid)) { return; }
    entry.messages.set(message.mid, message);
    entry.card.querySelector('[data-testid="chat-last-message"]').textContent = message.text;
    if (selectedId === message.chat_id) { els.messages.appendChild(bubble(message)); scrollDown(); }
  }

  function bubble(message) {
    var li = document.createElement("li");
    li.className = "chat-message " + (message.direction === "out" ? "is-out" : "is-in");
    li.dataset.testid = "chat-message";
    li.dataset.direction = message.direction;
    li.dataset.mid = message.mid;
    var text = document.createElement("span");
    text.className = "message-text";
    text.dataset.testid = "chat-message-text";
    text.textContent = message.text;
    var time = document.createElement("time");
    time.textContent = timeOf(message.timestamp);
    li.append(text, time);
    return li;
  }
  function scrollDown() { els.messages.scrollTop = els.messages.scrollHeight; }

  function select(chatId) {
    var previous = chats.get(selectedId);
    if (previous) { previous.draft = els.input.value; previous.card.setAttribute("aria-selected", "false"); }
    var entry = chats.get(chatId);
    selectedId = chatId;
    entry.card.setAttribute("aria-selected", "true");
    els.panel.dataset.chatId = String(chatId);
    els.panelName.textContent = entry.data.customer_name;
    var ordered = Array.from(entry.messages.values()).sort(function (a, b) {
      return a.timestamp - b.timestamp;
    });
    els.messages.replaceChildren.apply(els.messages, ordered.map(bubble));
    els.input.value = entry.draft;
    showError(els.replyError, "");
    els.panel.hidden = false;
    els.noChat.hidden = true;
    scrollDown();
    els.input.focus();
  }

  function onChatNew(chat) {
    var known = chats.has(chat.id);
    upsertChat(chat);
    if (known) { return; }
    notifyNewChat(chat);
    if (selectedId === null) { select(chat.id); }  // AUTOMATIC answer: the chat opens
  }

  // -- reply ---------------------------------------------------------------------------
  els.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chatId = selectedId, text = els.input.value;
    if (chatId === null || !text.trim() || els.send.disabled) { return; }
    els.send.disabled = true;
    var url = root.dataset.replyUrl.replace("/0/reply", "/" + chatId + "/reply");
    postJson(url, {text: text}).then(function (answer) {
      els.send.disabled = false;
      if (!answer.ok) { showError(els.replyError, answer.error); return; }
      showError(els.replyError, "");
      if (selectedId === chatId && els.input.value === text) { els.input.value = ""; }
      addMessage(answer.message);
    });
  });
  els.input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      els.form.requestSubmit();
    }
  });

  // -- live updates --------------------------------------------------------------------
  function loadSnapshot() {
    fetch(root.dataset.chatsUrl, {credentials: "same-origin",
                                  headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (!answer.ok) { showError(els.deskError, answer.error); return; }
        setStatus(answer.status);
        answer.chats.forEach(upsertChat);
        if (selectedId === null && answer.chats.length) { select(answer.chats[0].id); }
      }, function () { showError(els.deskError, "Could not load the chats. Reload the page."); });
  }
  function listen(type, handler) {
    source.addEventListener(type, function (event) { handler(JSON.parse(event.data)); });
  }
  var source = new EventSource(root.dataset.eventsUrl);
  source.addEventListener("open", function () { showError(els.deskError, ""); loadSnapshot(); });
  source.addEventListener("error", function () {
    if (source.readyState === EventSource.CLOSED) {
      showError(els.deskError, "Disconnected from the server. Reload the page to log in again.");
    }
  });
  listen("chat_new", onChatNew);
  listen("chat_updated", upsertChat);
  listen("message", addMessage);
  listen("status", setStatus);

  askPermission();
}());
