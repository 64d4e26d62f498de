// The agent desk: STATUS menu, positions, chat list, queue, chat panel, replies, Accept and
// Close, kept live over SSE. Every text from a customer or the server goes in with textContent.
(function () {
  "use strict";
  var root = document.querySelector('[data-testid="desk"]');
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  function $(testid) { return root.querySelector('[data-testid="' + testid + '"]'); }

  var els = {
    menu: $("status-menu"), options: root.querySelector(".status-options"),
    current: $("current-status"), deskError: $("desk-error"),
    positions: $("positions"), positionsUsed: $("positions-used"),
    list: $("chat-list"), empty: $("chat-list-empty"), panel: $("chat-panel"),
    queueCount: $("queue-count"), queueList: $("queue-list"), queueEmpty: $("queue-empty"),
    noChat: $("no-chat-selected"), panelName: $("chat-panel-name"),
    panelChannel: $("chat-panel-channel"), panelPicture: $("chat-panel-picture"),
    panelAvatar: $("chat-panel-avatar"), accept: $("chat-accept"), close: $("chat-close"),
    finish: $("chat-finish"), classification: $("close-classification"),
    messages: $("chat-messages"), form: $("reply-form"), input: $("reply-input"),
    send: $("reply-send"), replyError: $("reply-error"), replyWindow: $("reply-window")
  };
  // Messenger's windows from the customer's last message (the server decides; this explains)
  var DAY_MS = 24 * 60 * 60 * 1000;
  var HUMAN_AGENT = root.dataset.humanAgent === "true";
  var WINDOW_NOTES = {
    standard: "",
    human_agent: "More than 24 hours since the customer's last message: your reply goes with" +
      " Messenger's Human Agent tag (replies typed by a person, up to 7 days).",
    closed: "The messaging window has closed: the customer has to write again before you can" +
      " reply."
  };
  var CHANNELS = {messenger: "Messenger", instagram: "Instagram"};
  var STATES = {offered: "Waiting for Accept", open: "", wrapup: "Post-service"};
  var STATUS_WORDS = {sent: "Sent", delivered: "Delivered", read: "Read"};
  var STATUS_RANK = {received: 0, sent: 1, delivered: 2, read: 3};
  var cardTemplate = document.getElementById("chat-card-template");
  var queueTemplate = document.getElementById("queue-item-template");
  var chats = new Map();   // chat id -> {data, card, messages: Map(mid -> message), draft}
  var selectedId = null;

  // -- helpers -----------------------------------------------------------------------
  function chatUrl(chatId, action) {
    return root.dataset.chatUrl.replace("/0/reply", "/" + chatId + "/" + action);
  }
  function postJson(url, data) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(data || {}),
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
  function timeOf(ms) {  // today: 14:05; older (a Human Agent reply's context): 24 Nov 14:05
    if (!ms) { return ""; }
    var when = new Date(ms);
    var time = when.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"});
    if (when.toDateString() === new Date().toDateString()) { return time; }
    return when.toLocaleDateString([], {day: "numeric", month: "short"}) + " " + time;
  }
  function initials(name) {
    return name.split(/\s+/).filter(Boolean).slice(0, 2).map(function (w) { return w[0]; }).join("");
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

  // -- status menu and positions -------------------------------------------------------
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
  function updatePositions() {
    els.positions.dataset.used = String(chats.size);
    els.positionsUsed.textContent = String(chats.size);
    els.empty.hidden = chats.size > 0;
  }

  // -- queue ---------------------------------------------------------------------------
  function renderQueue(waiting) {
    els.queueList.replaceChildren.apply(els.queueList, waiting.map(function (chat) {
      var item = queueTemplate.content.firstElementChild.cloneNode(true);
      item.dataset.chatId = String(chat.id);
      item.querySelector('[data-testid="queue-customer-name"]').textContent = chat.customer_name;
      var channel = item.querySelector('[data-testid="queue-channel"]');
      channel.textContent = CHANNELS[chat.channel] || chat.channel;
      channel.dataset.channel = chat.channel;
      item.querySelector('[data-testid="queue-last-message"]').textContent = chat.last_message || "";
      return item;
    }));
    els.queueCount.textContent = String(waiting.length);
    els.queueEmpty.hidden = waiting.length > 0;
  }

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
    entry.card.dataset.state = data.state;
    entry.card.querySelector('[data-testid="chat-customer-name"]').textContent = data.customer_name;
    var channel = entry.card.querySelector('[data-testid="chat-channel"]');
    channel.textContent = CHANNELS[data.channel] || data.channel;
    channel.dataset.channel = data.channel;
    entry.card.querySelector('[data-testid="chat-state"]').textContent = STATES[data.state] || "";
    (data.messages || []).forEach(upsertMessage);
    showLastMessage(entry);
    updatePositions();
    if (selectedId === data.id) { showHeader(entry); }
  }

  function ordered(entry) {
    return Array.from(entry.messages.values()).sort(function (a, b) {
      return a.timestamp - b.timestamp || (a.mid < b.mid ? -1 : 1);
    });
  }
  function showLastMessage(entry) {
    var all = ordered(entry);
    var last = all.length ? all[all.length - 1].text : (entry.data.last_message || "");
    entry.card.querySelector('[data-testid="chat-last-message"]').textContent = last;
  }

  function upsertMessage(message) {
    var entry = chats.get(message.chat_id);
    if (!entry) { return; }
    var known = entry.messages.get(message.mid);
    if (known && STATUS_RANK[known.status] > STATUS_RANK[message.status]) {
      message = Object.assign({}, message, {status: known.status});  // a late answer is older
    }
    entry.messages.set(message.mid, message);
    showLastMessage(entry);
    if (selectedId !== message.chat_id) { return; }
    var shown = els.messages.querySelector('[data-mid="' + CSS.escape(message.mid) + '"]');
    var fresh = bubble(message);
    if (shown) { shown.replaceWith(fresh); return; }
    var later = Array.from(els.messages.children).find(function (li) {
      return Number(li.dataset.timestamp) > message.timestamp;
    });
    els.messages.insertBefore(fresh, later || null);  // Meta's timestamp order
    if (!later) { scrollDown(); }
    showWindow(entry);
  }

  function bubble(message) {
    var li = document.createElement("li");
    li.className = "chat-message " + (message.direction === "out" ? "is-out" : "is-in");
    li.dataset.testid = "chat-message";
    li.dataset.direction = message.direction;
    li.dataset.mid = message.mid;
    li.dataset.timestamp = String(message.timestamp);
    var text = document.createElement("span");
    text.className = "message-text";
    text.dataset.testid = "chat-message-text";
    text.textContent = message.text;
    var meta = document.createElement("time");
    meta.dataset.testid = "chat-message-time";
    if (message.timestamp) { meta.dateTime = new Date(message.timestamp).toISOString(); }
    meta.textContent = timeOf(message.timestamp);
    li.append(text, meta);
    if (message.direction === "out") {
      li.dataset.status = message.status;
      var status = document.createElement("span");
      status.className = "message-status";
      status.dataset.testid = "chat-message-status";
      status.textContent = STATUS_WORDS[message.status] || "";
      meta.append(" · ", status);
    }
    return li;
  }
  function scrollDown() { els.messages.scrollTop = els.messages.scrollHeight; }

  function showWindow(entry) {
    var inbound = ordered(entry).filter(function (m) { return m.direction === "in"; });
    var age = inbound.length ? Date.now() - inbound[inbound.length - 1].timestamp : 0;
    var kind = age <= DAY_MS ? "standard"
      : (age <= 7 * DAY_MS && HUMAN_AGENT ? "human_agent" : "closed");
    els.replyWindow.dataset.window = kind;
    els.replyWindow.textContent = WINDOW_NOTES[kind];
    els.replyWindow.hidden = kind === "standard";
  }

  function showHeader(entry) {
    var data = entry.data;
    els.panel.dataset.state = data.state;
    els.panelName.textContent = data.customer_name;
    els.panelChannel.textContent = CHANNELS[data.channel] || data.channel;
    els.panelChannel.dataset.channel = data.channel;
    var picture = data.profile_pic && /^https?:/.test(data.profile_pic) ? data.profile_pic : "";
    els.panelPicture.hidden = !picture;
    if (picture) { els.panelPicture.src = picture; }
    els.panelAvatar.hidden = !!picture;
    els.panelAvatar.textContent = initials(data.customer_name);
    els.accept.hidden = data.state !== "offered";
    els.finish.hidden = data.state !== "wrapup";
    els.close.hidden = data.state === "wrapup";
    els.form.hidden = data.state !== "open";
    showWindow(entry);
  }

  function select(chatId) {
    var previous = chats.get(selectedId);
    if (previous) { previous.draft = els.input.value; previous.card.setAttribute("aria-selected", "false"); }
    var entry = chats.get(chatId);
    selectedId = chatId;
    entry.card.setAttribute("aria-selected", "true");
    els.panel.dataset.chatId = String(chatId);
    showHeader(entry);
    els.messages.replaceChildren.apply(els.messages, ordered(entry).map(bubble));
    els.input.value = entry.draft;
    els.classification.hidden = true;
    showError(els.replyError, "");
    els.panel.hidden = false;
    els.noChat.hidden = true;
    scrollDown();
    if (!els.form.hidden) { els.input.focus(); }
  }

  function removeChat(chat) {
    var entry = chats.get(chat.id);
    if (!entry) { return; }
    entry.card.parentElement.remove();
    chats.delete(chat.id);
    updatePositions();
    if (selectedId !== chat.id) { return; }
    selectedId = null;
    els.panel.hidden = true;
    els.noChat.hidden = false;
    var next = chats.keys().next();
    if (!next.done) { select(next.value); }
  }

  function onChatNew(chat) {
    var known = chats.has(chat.id);
    upsertChat(chat);
    if (known) { return; }
    notifyNewChat(chat);
    if (selectedId === null) { select(chat.id); }  // AUTOMATIC: the chat opens by itself
  }

  // -- reply, accept, close ------------------------------------------------------------
  els.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chatId = selectedId, text = els.input.value;
    if (chatId === null || !text.trim() || els.send.disabled) { return; }
    els.send.disabled = true;
    postJson(chatUrl(chatId, "reply"), {text: text}).then(function (answer) {
      els.send.disabled = false;
      if (!answer.ok) { showError(els.replyError, answer.error); return; }  // text stays typed
      showError(els.replyError, "");
      if (selectedId === chatId && els.input.value === text) { els.input.value = ""; }
      upsertMessage(answer.message);
    });
  });
  els.input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      els.form.requestSubmit();
    }
  });
  function chatAction(action, data) {
    var chatId = selectedId;
    if (chatId === null) { return; }
    postJson(chatUrl(chatId, action), data).then(function (answer) {
      if (answer.ok) { showError(els.replyError, ""); return; }
      if (answer.reason === "classification") { els.classification.hidden = false; }
      showError(els.replyError, answer.error);
    });
  }
  els.accept.addEventListener("click", function () { chatAction("accept"); });
  els.finish.addEventListener("click", function () { chatAction("finish"); });
  els.close.addEventListener("click", function () {
    chatAction("close", {classification: els.classification.value});
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
        renderQueue(answer.queue);
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
  listen("chat_closed", removeChat);
  listen("message", upsertMessage);
  listen("status", setStatus);
  listen("queue", function (data) { renderQueue(data.chats); });

  askPermission();
}());
