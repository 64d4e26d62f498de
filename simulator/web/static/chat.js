// A customer's thread (Messenger or Instagram Direct): send text and pictures, react, live
// replies, typing and seen from the business, read receipts back, notifications when hidden.
// Every text is inserted with textContent: what customers and apps send is data, never markup.
(function () {
  "use strict";
  var root = document.querySelector("[data-chat]");
  if (!root) { return; }
  var list = root.querySelector('[data-testid="message-list"]');
  var input = root.querySelector('[data-testid="message-input"]');
  var form = root.querySelector('[data-testid="composer"]');
  var fileInput = root.querySelector('[data-testid="attach-input"]');
  var errorBox = root.querySelector('[data-testid="send-error"]');
  var typing = root.querySelector('[data-testid="typing-indicator"]');
  var receipt = root.querySelector('[data-testid="read-receipt"]');
  var emojiButton = root.querySelector('[data-testid="emoji-button"]');
  var emojiMenu = root.querySelector('[data-testid="emoji-menu"]');
  var quickBar = root.querySelector('[data-testid="quick-replies"]');
  var titleChars = parseInt(root.getAttribute("data-quick-reply-title-chars"), 10) || 20;
  var businessName = root.getAttribute("data-business-name");
  var REACTIONS = [["love", "\u2764\ufe0f"], ["like", "\ud83d\udc4d"], ["smile", "\ud83d\ude06"],
                   ["wow", "\ud83d\ude2e"], ["sad", "\ud83d\ude22"], ["angry", "\ud83d\ude20"]];
  var typingTimer = null;
  var lastSeenMid = null;
  var unread = 0;
  var baseTitle = document.title;

  function url(name) { return root.getAttribute("data-" + name + "-url"); }

  function rowOf(mid) {
    return mid ? list.querySelector('[data-testid="message-row"][data-mid="' + CSS.escape(mid) + '"]') : null;
  }

  function safeUrl(value) { return /^https?:\/\//i.test(value || ""); }

  function bubbleBody(bubble, data) {
    var attachment = data.attachment;
    if (data.text !== null && data.text !== undefined) {
      bubble.textContent = data.text;
    } else if (attachment && attachment.type === "image" && attachment.payload && safeUrl(attachment.payload.url)) {
      var img = document.createElement("img");
      img.src = attachment.payload.url;
      img.alt = "Picture sent by " + (data.from === "page" ? businessName : "you");
      img.setAttribute("data-testid", "message-image");
      bubble.appendChild(img);
    } else if (attachment) {
      var label = document.createElement("span");
      label.className = "attachment-label";
      label.textContent = (attachment.type || "file") + " attachment";
      bubble.appendChild(label);
    }
  }

  function addMessage(data) {
    if (rowOf(data.mid)) { return null; }
    var row = document.createElement("li");
    row.className = "row " + data.from;
    row.setAttribute("data-testid", "message-row");
    row.setAttribute("data-mid", data.mid || "");
    var bubble = document.createElement("div");
    bubble.className = "bubble " + data.from + (data.attachment ? " media" : "");
    bubble.setAttribute("data-testid", "message-bubble");
    bubble.setAttribute("data-from", data.from);
    bubble.setAttribute("data-mid", data.mid || "");
    bubbleBody(bubble, data);
    row.appendChild(bubble);
    if (data.from === "page") { row.appendChild(reactButton()); }
    var reaction = document.createElement("span");
    reaction.className = "reaction";
    reaction.setAttribute("data-testid", "message-reaction");
    reaction.hidden = true;
    row.appendChild(reaction);
    list.appendChild(row);
    list.scrollTop = list.scrollHeight;
    showQuickReplies(data.from === "page" ? data : null);
    return row;
  }

  // --- quick replies: the buttons of the last message, when the Page sent it ----------------
  // The same choice as customers.offered_quick_replies (the tap names a button by its index).
  function isButton(reply) {
    return reply && reply.content_type === "text" && reply.title &&
      reply.payload !== undefined && reply.payload !== null && reply.payload !== "";
  }

  function showQuickReplies(message) {
    var offered = message && message.quick_replies ? message.quick_replies.filter(isButton) : [];
    quickBar.textContent = "";
    offered.forEach(function (reply, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "quick-reply";
      button.setAttribute("data-testid", "quick-reply");
      button.setAttribute("data-index", String(index));
      // Messenger truncates a title after 20 characters (code points, as the server counts)
      button.textContent = Array.from(String(reply.title)).slice(0, titleChars).join("");
      quickBar.appendChild(button);
    });
    quickBar.setAttribute("data-mid", offered.length ? message.mid : "");
    quickBar.hidden = !offered.length;
  }

  function tapQuickReply(button) {
    var body = {mid: quickBar.getAttribute("data-mid"), index: parseInt(button.getAttribute("data-index"), 10)};
    showError("");
    post(url("quick-reply"), body).then(function (answer) {
      addMessage({mid: answer.mid, from: "customer", text: answer.text});
      showReceipt("Sent");
    }).catch(function (error) { showError(error.message); });
  }

  quickBar.addEventListener("click", function (event) {
    var button = event.target.closest('[data-testid="quick-reply"]');
    if (button) { tapQuickReply(button); }
  });

  function showError(text) { errorBox.textContent = text; errorBox.hidden = !text; }

  function showReceipt(text) { receipt.textContent = text; receipt.hidden = !text; }

  function showTyping(on) {
    typing.hidden = !on;
    clearTimeout(typingTimer);
    if (on) { typingTimer = setTimeout(function () { typing.hidden = true; }, 20000); }
  }

  function post(target, body) {
    var options = {method: "POST", credentials: "same-origin", headers: {"Accept": "application/json"}};
    if (body instanceof FormData) { options.body = body; } else {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body || {});
    }
    return fetch(target, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) {
          throw new Error((answer.error && answer.error.message) || "Not sent (HTTP " + response.status + ").");
        }
        return answer;
      });
    });
  }

  function sendText() {
    var text = input.value;
    if (!text.trim()) { return; }
    input.value = "";
    showError("");
    post(url("send"), {text: text}).then(function (answer) {
      addMessage({mid: answer.mid, from: "customer", text: text});
      showReceipt("Sent");
    }).catch(function (error) { input.value = text; showError(error.message); });
  }

  function sendPicture() {
    var file = fileInput.files && fileInput.files[0];
    if (!file) { return; }
    var body = new FormData();
    body.append("file", file);
    showError("");
    post(url("upload"), body).then(function (answer) {
      addMessage({mid: answer.mid, from: "customer", text: null, attachment: answer.attachment});
      showReceipt("Sent");
    }).catch(function (error) { showError(error.message); }).then(function () { fileInput.value = ""; });
  }

  // --- reactions to the business's messages ---------------------------------------------
  function reactButton() {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "react-button";
    button.setAttribute("data-testid", "react-button");
    button.setAttribute("aria-haspopup", "true");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", "React to this message");
    button.textContent = "\u263a";
    return button;
  }

  function closeReactionMenus() {
    Array.prototype.forEach.call(list.querySelectorAll(".reaction-menu"), function (menu) {
      var button = menu.parentNode.querySelector('[data-testid="react-button"]');
      if (button) { button.setAttribute("aria-expanded", "false"); }
      menu.parentNode.removeChild(menu);
    });
  }

  function openReactionMenu(row, button) {
    closeReactionMenus();
    var menu = document.createElement("div");
    menu.className = "reaction-menu";
    menu.setAttribute("role", "menu");
    menu.setAttribute("data-testid", "reaction-menu");
    REACTIONS.forEach(function (pair) {
      var option = document.createElement("button");
      option.type = "button";
      option.setAttribute("role", "menuitem");
      option.setAttribute("data-testid", "reaction-option");
      option.setAttribute("data-reaction", pair[0]);
      option.setAttribute("aria-label", pair[0]);
      option.textContent = pair[1];
      menu.appendChild(option);
    });
    row.appendChild(menu);
    button.setAttribute("aria-expanded", "true");
    menu.firstChild.focus();
  }

  function react(row, name) {
    var badge = row.querySelector('[data-testid="message-reaction"]');
    var undo = badge.getAttribute("data-reaction") === name;
    closeReactionMenus();
    post(url("react"), {mid: row.getAttribute("data-mid"), reaction: undo ? "" : name}).then(function (answer) {
      showReaction(row, answer.action === "unreact" ? "" : answer.reaction, answer.emoji);
    }).catch(function (error) { showError(error.message); });
  }

  function showReaction(row, name, emoji, by) {
    var badge = row.querySelector('[data-testid="message-reaction"]');
    var who = by === "page" ? businessName : "you";
    badge.setAttribute("data-reaction", name || "");
    badge.setAttribute("data-by", name ? (by || "customer") : "");
    badge.textContent = name ? emoji : "";
    badge.setAttribute("aria-label", name ? "Reaction " + emoji + " by " + who : "");
    badge.hidden = !name;
  }

  list.addEventListener("click", function (event) {
    var option = event.target.closest('[data-testid="reaction-option"]');
    var button = event.target.closest('[data-testid="react-button"]');
    if (option) { react(option.closest('[data-testid="message-row"]'), option.getAttribute("data-reaction")); }
    else if (button) { openReactionMenu(button.closest('[data-testid="message-row"]'), button); }
  });

  // --- the business's side, live ----------------------------------------------------------
  function markSeen() {
    var pageRows = list.querySelectorAll('[data-testid="message-row"].page');
    var last = pageRows.length ? pageRows[pageRows.length - 1].getAttribute("data-mid") : null;
    if (!last || last === lastSeenMid || document.hidden) { return; }
    lastSeenMid = last;
    post(url("seen"), {}).catch(function () { lastSeenMid = null; });
  }

  function notify(data) {
    unread += 1;
    document.title = "(" + unread + ") " + baseTitle;
    if (typeof Notification === "undefined" || Notification.permission !== "granted") { return; }
    var body = data.text !== null && data.text !== undefined ? data.text : "Sent a picture";
    new Notification(businessName, {body: body, tag: data.mid});
    var raised = parseInt(document.body.getAttribute("data-notifications-raised") || "0", 10);
    document.body.setAttribute("data-notifications-raised", String(raised + 1));
  }

  function onSenderAction(data) {
    var action = data.sender_action;
    if (action === "typing_on" || action === "typing_off") { showTyping(action === "typing_on"); }
    if (action === "mark_seen") { showReceipt("Seen"); }
    if ((action === "react" || action === "unreact") && data.payload) {
      var row = rowOf(data.payload.message_id);
      if (row) { showReaction(row, action === "react" ? "page" : "", data.payload.reaction || "", "page"); }
    }
  }

  function onEvent(event) {
    var data = JSON.parse(event.data);
    if (data.sender_action) { onSenderAction(data); return; }
    if (!data.from) { return; }
    var added = addMessage(data);
    if (data.from !== "page" || !added) { return; }
    showTyping(false);
    if (document.hidden) { notify(data); } else { markSeen(); }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { return; }
    unread = 0;
    document.title = baseTitle;
    markSeen();
  });

  // --- composer ---------------------------------------------------------------------------
  form.addEventListener("submit", function (event) { event.preventDefault(); sendText(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendText();
    }
  });
  fileInput.addEventListener("change", sendPicture);
  emojiButton.addEventListener("click", function () {
    emojiMenu.hidden = !emojiMenu.hidden;
    emojiButton.setAttribute("aria-expanded", String(!emojiMenu.hidden));
  });
  emojiMenu.addEventListener("click", function (event) {
    var choice = event.target.closest("[data-emoji]");
    if (!choice) { return; }
    var at = input.selectionStart || input.value.length;
    input.value = input.value.slice(0, at) + choice.getAttribute("data-emoji") + input.value.slice(input.selectionEnd || at);
    emojiMenu.hidden = true;
    emojiButton.setAttribute("aria-expanded", "false");
    input.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    closeReactionMenus();
    emojiMenu.hidden = true;
    emojiButton.setAttribute("aria-expanded", "false");
  });

  var source = new EventSource(url("events"));
  source.addEventListener("message", onEvent);
  source.addEventListener("sender_action", onEvent);
  list.scrollTop = list.scrollHeight;
  markSeen();
  input.focus();
})();
