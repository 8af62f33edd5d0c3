/*!
 * PES web chat widget: plain JavaScript, no build step, no dependencies.
 *
 * Embed it with one tag (data-server defaults to the script's own origin, data-lang to the page's lang):
 *   <script src="https://pes.example/webchat/widget.js" data-server="https://pes.example" data-lang="ru" defer></script>
 *
 * It speaks the web chat protocol of docs/webchat-protocol.md over wss://<server>/webchat/ws, keeps its
 * session token and the messages not yet acknowledged in localStorage (per server), reconnects with
 * capped exponential backoff, and renders everything inside a shadow root with DOM APIs only: text from
 * the server is never parsed as HTML.
 */
(function () {
  "use strict";

  // The widget's own UI strings by language, from data/content/webchat.yml: the gateway puts them
  // between the two markers when it serves this file, the default language first. They travel in
  // this file, not in a separate request, so the launcher is labelled before any network round
  // trip and works when the page and the gateway are on different origins (no CORS involved). The
  // English below is only what the file says when it is opened without the gateway.
  var STRINGS = /*pes:strings*/ {
    en: {
      open: "Chat with the employment service assistant",
      title: "Employment service assistant",
      close: "Close chat",
      restart: "Start a new conversation",
      conversation: "Conversation",
      inputLabel: "Your message",
      placeholder: "Type your message…",
      send: "Send",
      typing: "The assistant is typing…",
      connecting: "Connecting…",
      reconnecting: "Connection lost. Reconnecting…",
      queued: "Will be sent when the connection is back",
      notSent: "Not sent",
      you: "You",
      assistant: "Assistant",
      choices: "Suggested replies",
      image: "Image from the assistant",
      download: "Download",
      newTab: "(opens in a new tab)",
      unread: { one: "{n} new message", other: "{n} new messages" },
    }
  } /*pes:strings-end*/;

  // The message that asks the assistant for its greeting when a conversation is empty (intent greet).
  var GREETING_PAYLOAD = "/greet";
  var RECONNECT_BASE_MS = 500;
  var RECONNECT_CAP_MS = 30000;
  var TYPING_TIMEOUT_MS = 15000;
  var MAX_TEXT = 2000;
  var LIVE_REGION_KEEP = 5;
  var SAFE_LINK_PROTOCOLS = ["http:", "https:", "mailto:", "tel:"];
  var SVG_NS = "http://www.w3.org/2000/svg";

  var script = document.currentScript || document.querySelector('script[src*="/webchat/widget.js"]');
  if (!script || window.__pesWebchat) return;
  window.__pesWebchat = true;

  var server = (script.getAttribute("data-server") || new URL(script.src, location.href).origin).replace(
    /\/+$/,
    ""
  );
  var socketUrl = server.replace(/^http/i, "ws") + "/webchat/ws";
  var lang = pickLanguage(script.getAttribute("data-lang"), document.documentElement.lang);
  var t = STRINGS[lang];
  var store = makeStore("pes-webchat:" + server + ":");

  function pickLanguage() {
    for (var i = 0; i < arguments.length; i++) {
      var code = String(arguments[i] || "").trim().split("-")[0].toLowerCase();
      if (STRINGS[code]) return code;
    }
    return Object.keys(STRINGS)[0];
  }

  // localStorage with an in-memory fallback (storage disabled, private mode, quota exceeded).
  function makeStore(prefix) {
    var memory = {};
    return {
      prefix: prefix,
      get: function (key) {
        try {
          return window.localStorage.getItem(prefix + key);
        } catch (e) {
          return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
        }
      },
      set: function (key, value) {
        memory[key] = value;
        try {
          window.localStorage.setItem(prefix + key, value);
        } catch (e) {
          /* kept in memory for this page */
        }
      },
      remove: function (key) {
        delete memory[key];
        try {
          window.localStorage.removeItem(prefix + key);
        } catch (e) {
          /* nothing stored */
        }
      },
    };
  }

  // ---- DOM helpers -------------------------------------------------------------------------------

  function el(tag, className, attributes) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (attributes) {
      Object.keys(attributes).forEach(function (name) {
        node.setAttribute(name, attributes[name]);
      });
    }
    return node;
  }

  function srOnly(text) {
    var span = el("span", "pesw-sr");
    span.textContent = text;
    return span;
  }

  function icon(paths) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    paths.forEach(function (d) {
      var path = document.createElementNS(SVG_NS, "path");
      path.setAttribute("d", d);
      svg.appendChild(path);
    });
    return svg;
  }

  var ICONS = {
    chat: ["M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"],
    close: ["M6 6l12 12", "M18 6L6 18"],
    restart: ["M4 12a8 8 0 1 0 2.3-5.7", "M4 4v4h4"],
    send: ["M3 20l18-8L3 4v6l12 2-12 2z"],
  };

  // ---- Safe rendering of the assistant's small markup ---------------------------------------------
  // **bold**, [label](url), bare http(s) links, "- " / "* " / "• " and "1. " lists, line breaks.
  // Everything is built with createElement/textContent; a URL becomes a link only with a safe protocol.

  var INLINE = /\*\*([^*]+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'»])/g;
  var BULLET = /^\s*[-*•]\s+(.*)$/;
  var NUMBERED = /^\s*(\d{1,4})[.)]\s+(.*)$/;

  function safeUrl(raw, protocols) {
    try {
      var url = new URL(raw);
      return protocols.indexOf(url.protocol) >= 0 ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(label, href) {
    var a = el("a", "pesw-link");
    a.href = href;
    a.rel = "noopener noreferrer";
    a.textContent = label;
    if (/^https?:/i.test(href)) {
      a.target = "_blank";
      a.appendChild(srOnly(" " + t.newTab));
    }
    return a;
  }

  function appendInline(parent, text, allowBold) {
    var last = 0;
    var match;
    INLINE.lastIndex = 0;
    var matches = [];
    while ((match = INLINE.exec(text)) !== null) matches.push(match);
    matches.forEach(function (m) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1] !== undefined) {
        if (allowBold) {
          var strong = el("strong");
          appendInline(strong, m[1], false);
          parent.appendChild(strong);
        } else {
          parent.appendChild(document.createTextNode(m[0]));
        }
      } else if (m[2] !== undefined) {
        var href = safeUrl(m[3], SAFE_LINK_PROTOCOLS);
        parent.appendChild(href ? link(m[2], href) : document.createTextNode(m[2]));
      } else {
        var bare = safeUrl(m[4], ["http:", "https:"]);
        parent.appendChild(bare ? link(m[4], bare) : document.createTextNode(m[4]));
      }
      last = m.index + m[0].length;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderRichText(container, text) {
    var paragraph = null;
    var list = null;
    String(text)
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .forEach(function (line) {
        var bullet = BULLET.exec(line);
        var numbered = bullet ? null : NUMBERED.exec(line);
        if (bullet || numbered) {
          paragraph = null;
          var tag = bullet ? "ul" : "ol";
          if (!list || list.tagName.toLowerCase() !== tag) {
            list = el(tag, "pesw-list");
            if (numbered && numbered[1] !== "1") list.setAttribute("start", numbered[1]);
            container.appendChild(list);
          }
          var item = el("li");
          appendInline(item, bullet ? bullet[1] : numbered[2], true);
          list.appendChild(item);
        } else if (!line.trim()) {
          paragraph = null;
          list = null;
        } else {
          list = null;
          if (paragraph) {
            paragraph.appendChild(el("br"));
          } else {
            paragraph = el("p", "pesw-p");
            container.appendChild(paragraph);
          }
          appendInline(paragraph, line, true);
        }
      });
  }

  function formatTime(ts) {
    var date = typeof ts === "number" && isFinite(ts) ? new Date(ts * 1000) : new Date();
    var time = el("time", "pesw-time", { datetime: date.toISOString() });
    var options = { hour: "2-digit", minute: "2-digit" };
    if (date.toDateString() !== new Date().toDateString()) {
      options.day = "numeric";
      options.month = "short";
    }
    time.textContent = date.toLocaleString(lang, options);
    return time;
  }

  function plural(forms, n) {
    var category = "other";
    try {
      category = new Intl.PluralRules(lang).select(n);
    } catch (e) {
      category = n === 1 ? "one" : "other";
    }
    return (forms[category] || forms.other).replace("{n}", String(n));
  }

  // ---- Building the widget ------------------------------------------------------------------------

  var host = el("div", null, { id: "pes-webchat", "data-pes-webchat": "" });
  var shadow = host.attachShadow({ mode: "open" });
  var stylesheet = el("link", null, { rel: "stylesheet", href: server + "/webchat/widget.css" });
  var root = el("div", "pesw", { lang: lang });
  root.hidden = true; // until the stylesheet is there, so the page never shows an unstyled widget
  stylesheet.addEventListener("load", function () {
    root.hidden = false;
  });
  stylesheet.addEventListener("error", function () {
    root.hidden = false;
  });

  var launcher = el("button", "pesw-launcher", {
    type: "button",
    "aria-expanded": "false",
    "aria-controls": "pesw-panel",
  });
  var badge = el("span", "pesw-badge", { "aria-hidden": "true" });
  badge.hidden = true;
  launcher.appendChild(icon(ICONS.chat));
  launcher.appendChild(badge);

  var panel = el("section", "pesw-panel", {
    id: "pesw-panel",
    role: "dialog",
    "aria-modal": "false",
    "aria-labelledby": "pesw-title",
  });
  panel.hidden = true;

  var header = el("header", "pesw-header");
  var title = el("h2", "pesw-title", { id: "pesw-title" });
  title.textContent = t.title;
  var restartButton = el("button", "pesw-icon-button pesw-restart", {
    type: "button",
    "aria-label": t.restart,
    title: t.restart,
  });
  restartButton.appendChild(icon(ICONS.restart));
  var closeButton = el("button", "pesw-icon-button pesw-close", {
    type: "button",
    "aria-label": t.close,
    title: t.close,
  });
  closeButton.appendChild(icon(ICONS.close));
  header.appendChild(title);
  header.appendChild(restartButton);
  header.appendChild(closeButton);

  var status = el("p", "pesw-status", { role: "status" });
  // The log is focusable so keyboard users can scroll it; it is not itself a live region, so that
  // replacing it with the history after a reconnect is not read out again (see `live` below).
  var log = el("ol", "pesw-log", { "aria-label": t.conversation, tabindex: "0" });
  var typing = el("div", "pesw-typing");
  typing.hidden = true;
  var dots = el("span", "pesw-dots", { "aria-hidden": "true" });
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  typing.appendChild(dots);
  typing.appendChild(srOnly(t.typing));
  // New messages from the assistant are announced here, once each.
  var live = el("div", "pesw-sr pesw-live", { role: "log", "aria-live": "polite", "aria-atomic": "false" });

  var form = el("form", "pesw-form");
  var inputLabel = el("label", "pesw-sr", { for: "pesw-input" });
  inputLabel.textContent = t.inputLabel;
  var input = el("textarea", "pesw-input", {
    id: "pesw-input",
    rows: "1",
    maxlength: String(MAX_TEXT),
    placeholder: t.placeholder,
    autocomplete: "off",
    enterkeyhint: "send",
  });
  var sendButton = el("button", "pesw-send", { type: "submit", "aria-label": t.send, title: t.send });
  sendButton.appendChild(icon(ICONS.send));
  form.appendChild(inputLabel);
  form.appendChild(input);
  form.appendChild(sendButton);

  panel.appendChild(header);
  panel.appendChild(status);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(live);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(launcher);
  shadow.appendChild(stylesheet);
  shadow.appendChild(root);

  // ---- State --------------------------------------------------------------------------------------

  var socket = null;
  var welcomed = false;
  var attempt = 0;
  var reconnectTimer = null;
  var typingTimer = null;
  var unread = 0;
  var historyEmpty = false;
  var userMessages = {}; // client id -> <li>, so nothing is shown twice
  var noticesAfterWelcome = [];
  var following = false; // switched to a session another tab started: that tab asks for the greeting

  function token() {
    return store.get("session");
  }

  function outbox() {
    try {
      var items = JSON.parse(store.get("outbox") || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function saveOutbox(items) {
    if (items.length) store.set("outbox", JSON.stringify(items));
    else store.remove("outbox");
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "m-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function isOpen() {
    return !panel.hidden;
  }

  // ---- Rendering messages -------------------------------------------------------------------------

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function clearChoices() {
    Array.prototype.forEach.call(log.querySelectorAll(".pesw-choices"), function (group) {
      group.remove();
    });
  }

  function renderUser(entry, pending) {
    var existing = entry.id && userMessages[entry.id];
    if (existing) {
      if (!pending) markDelivered(entry.id, entry.ts);
      return existing;
    }
    var item = el("li", "pesw-msg pesw-msg--user");
    if (entry.id) item.setAttribute("data-id", entry.id);
    var bubble = el("div", "pesw-bubble");
    bubble.appendChild(srOnly(t.you + ": "));
    var body = el("span", "pesw-text");
    body.textContent = entry.title || entry.text || "";
    bubble.appendChild(body);
    item.appendChild(bubble);
    var meta = el("div", "pesw-meta");
    meta.appendChild(formatTime(entry.ts));
    if (pending) {
      item.classList.add("pesw-msg--pending");
      var note = el("span", "pesw-note");
      note.textContent = t.queued;
      note.hidden = !status.textContent;
      meta.appendChild(note);
    }
    item.appendChild(meta);
    log.appendChild(item);
    if (entry.id) userMessages[entry.id] = item;
    return item;
  }

  function markDelivered(id, ts) {
    var item = userMessages[id];
    if (!item || !item.classList.contains("pesw-msg--pending")) return;
    item.classList.remove("pesw-msg--pending");
    var note = item.querySelector(".pesw-note");
    if (note) note.remove();
    if (typeof ts === "number") {
      var time = item.querySelector(".pesw-time");
      if (time) time.replaceWith(formatTime(ts));
    }
  }

  function markNotSent(id, reason) {
    var item = userMessages[id];
    if (!item) return;
    item.classList.remove("pesw-msg--pending");
    item.classList.add("pesw-msg--failed");
    var note = item.querySelector(".pesw-note") || el("span", "pesw-note");
    note.hidden = false;
    note.textContent = t.notSent + (reason ? " — " + reason : "");
    item.querySelector(".pesw-meta").appendChild(note);
  }

  function imageOf(message) {
    return typeof message.image === "string" ? safeUrl(message.image, ["http:", "https:"]) : null;
  }

  function fileOf(message) {
    // A file the gateway serves (an appointment's calendar): a link relative to the server.
    var file = message.file;
    if (!file || typeof file.name !== "string" || typeof file.url !== "string") return null;
    if (file.url.charAt(0) !== "/" || file.url.charAt(1) === "/") return null;
    return { name: file.name, href: server + file.url };
  }

  function hasContent(message) {
    // What the widget can show: text, a picture, a file, buttons. (Other `custom` payloads have
    // no renderer.)
    var text = typeof message.text === "string" && message.text.trim();
    return Boolean(
      text || imageOf(message) || fileOf(message) || (Array.isArray(message.buttons) && message.buttons.length)
    );
  }

  function renderBot(message, withChoices) {
    var item = el("li", "pesw-msg pesw-msg--bot");
    var bubble = el("div", "pesw-bubble");
    bubble.appendChild(srOnly(t.assistant + ": "));
    if (typeof message.text === "string" && message.text) renderRichText(bubble, message.text);
    var image = imageOf(message);
    if (image) {
      var img = el("img", "pesw-image", { alt: t.image, loading: "lazy" });
      img.src = image;
      bubble.appendChild(img);
    }
    var file = fileOf(message);
    if (file) {
      var download = el("a", "pesw-link pesw-file");
      download.href = file.href;
      download.setAttribute("download", file.name);
      download.textContent = t.download + ": " + file.name;
      bubble.appendChild(download);
    }
    item.appendChild(bubble);
    var buttons = Array.isArray(message.buttons) ? message.buttons : [];
    if (withChoices && buttons.length) item.appendChild(renderChoices(buttons));
    var meta = el("div", "pesw-meta");
    meta.appendChild(formatTime(message.ts));
    item.appendChild(meta);
    log.appendChild(item);
    return item;
  }

  function renderChoices(buttons) {
    var group = el("div", "pesw-choices", { role: "group", "aria-label": t.choices });
    buttons.forEach(function (button) {
      if (!button || typeof button.title !== "string" || typeof button.payload !== "string") return;
      var choice = el("button", "pesw-choice", { type: "button" });
      choice.textContent = button.title;
      choice.addEventListener("click", function () {
        send({ payload: button.payload, title: button.title });
        input.focus();
      });
      group.appendChild(choice);
    });
    return group;
  }

  function renderNotice(text) {
    var item = el("li", "pesw-msg pesw-msg--notice");
    item.textContent = text;
    log.appendChild(item);
    announce(text);
    scrollToEnd();
  }

  function announce(text) {
    var line = el("p");
    line.textContent = text;
    live.appendChild(line);
    while (live.childNodes.length > LIVE_REGION_KEEP) live.removeChild(live.firstChild);
  }

  function plainText(message) {
    var text = typeof message.text === "string" ? message.text : "";
    var titles = (Array.isArray(message.buttons) ? message.buttons : [])
      .map(function (b) {
        return b && b.title;
      })
      .filter(Boolean);
    return [text.replace(/\*\*/g, ""), titles.length ? t.choices + ": " + titles.join(", ") : ""]
      .filter(Boolean)
      .join(". ");
  }

  function isHiddenUserText(text) {
    return text === GREETING_PAYLOAD;
  }

  function renderHistory(history) {
    log.textContent = "";
    userMessages = {};
    var entries = Array.isArray(history) ? history : [];
    var lastUser = -1;
    entries.forEach(function (entry, index) {
      if (entry && (entry.role || entry.type) === "user") lastUser = index;
    });
    entries.forEach(function (entry, index) {
      if (!entry) return;
      var role = entry.role || entry.type;
      if (role === "user") {
        if (!isHiddenUserText(entry.text)) renderUser(entry, false);
      } else if (role === "bot" && hasContent(entry)) {
        renderBot(entry, index > lastUser);
      }
    });
    historyEmpty = entries.length === 0;
  }

  function updateBadge() {
    badge.hidden = unread === 0;
    badge.textContent = unread > 99 ? "99+" : String(unread);
    launcher.setAttribute("aria-label", unread ? t.open + " (" + plural(t.unread, unread) + ")" : t.open);
  }

  function showTyping(on) {
    clearTimeout(typingTimer);
    typing.hidden = !on;
    if (on) {
      typingTimer = setTimeout(function () {
        typing.hidden = true;
      }, TYPING_TIMEOUT_MS);
      scrollToEnd();
    }
  }

  function setStatus(text) {
    status.textContent = text;
    status.hidden = !text;
    Array.prototype.forEach.call(log.querySelectorAll(".pesw-msg--pending .pesw-note"), function (note) {
      note.hidden = !text;
    });
  }

  // ---- Protocol -----------------------------------------------------------------------------------

  function frameOf(entry) {
    if (entry.payload) {
      return { type: "message", id: entry.id, payload: entry.payload, title: entry.title };
    }
    return { type: "message", id: entry.id, text: entry.text };
  }

  function transmit(entry) {
    if (socket && welcomed && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frameOf(entry)));
    }
  }

  function send(message) {
    var entry = {
      id: newId(),
      text: message.text,
      payload: message.payload,
      title: message.title,
      hidden: Boolean(message.hidden),
      ts: Date.now() / 1000,
    };
    var items = outbox();
    items.push(entry);
    saveOutbox(items);
    if (!entry.hidden) {
      clearChoices();
      renderUser(entry, true);
      scrollToEnd();
    }
    historyEmpty = false;
    if (socket && welcomed) transmit(entry);
    else connectNow();
  }

  function greetIfNew() {
    var session = token();
    if (!isOpen() || !welcomed || following || !historyEmpty || !session || outbox().length) return;
    if (store.get("greeted") === session) return;
    store.set("greeted", session);
    send({ text: GREETING_PAYLOAD, hidden: true });
  }

  function onWelcome(frame) {
    if (typeof frame.session === "string" && frame.session) store.set("session", frame.session);
    welcomed = true;
    attempt = 0;
    setStatus("");
    renderHistory(frame.history);
    noticesAfterWelcome.splice(0).forEach(renderNotice);
    // What the assistant has (its history holds the id) is answered or being answered; the
    // rest — never acknowledged, or acknowledged by a gateway that died before answering — is
    // sent again with its id (the server answers each once).
    var known = {};
    (Array.isArray(frame.history) ? frame.history : []).forEach(function (entry) {
      if (entry && (entry.role || entry.type) === "user" && entry.id) known[entry.id] = true;
    });
    saveOutbox(
      outbox().filter(function (entry) {
        return !known[entry.id];
      })
    );
    var pending = outbox();
    pending.forEach(function (entry) {
      if (!entry.hidden) renderUser(entry, true);
    });
    if (pending.length) {
      clearChoices();
      pending.forEach(transmit);
    }
    scrollToEnd();
    greetIfNew();
  }

  function onAck(frame) {
    // Shown as delivered, but kept in the outbox until its `done`: see onWelcome.
    markDelivered(frame.id, frame.ts);
  }

  function onDone(frame) {
    showTyping(false);
    if (!frame.id) return;
    saveOutbox(
      outbox().filter(function (entry) {
        return entry.id !== frame.id;
      })
    );
  }

  function onUserEcho(frame) {
    // The same person's message, sent from another tab (or our own, echoed back): shown once.
    if (typeof frame.text !== "string" || isHiddenUserText(frame.text)) return;
    if (frame.id && userMessages[frame.id]) {
      markDelivered(frame.id, frame.ts);
      return;
    }
    clearChoices();
    renderUser(frame, false);
    historyEmpty = false;
    scrollToEnd();
  }

  function onBot(frame) {
    showTyping(false);
    if (!hasContent(frame)) return;
    renderBot(frame, true);
    historyEmpty = false;
    scrollToEnd();
    announce(plainText(frame));
    if (!isOpen()) {
      unread += 1;
      updateBadge();
    }
  }

  function onError(frame) {
    var message = typeof frame.message === "string" ? frame.message : "";
    var pending = frame.id
      ? outbox().some(function (entry) {
          return entry.id === frame.id;
        })
      : false;
    if (pending) {
      // The server refused this message for good (too long, rate limited): do not resend it.
      saveOutbox(
        outbox().filter(function (entry) {
          return entry.id !== frame.id;
        })
      );
      markNotSent(frame.id, message);
      announce(message || t.notSent);
      return;
    }
    showTyping(false);
    if (!message) return;
    // An error before the welcome (a refused session) would be wiped by the history: show it after.
    if (welcomed) renderNotice(message);
    else noticesAfterWelcome.push(message);
  }

  var HANDLERS = {
    welcome: onWelcome,
    ack: onAck,
    typing: function () {
      showTyping(true);
    },
    bot: onBot,
    done: onDone,
    user: onUserEcho,
    error: onError,
  };

  function onFrame(event) {
    var frame;
    try {
      frame = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    var handler = frame && HANDLERS[frame.type];
    if (handler) handler(frame);
  }

  // ---- Connection ---------------------------------------------------------------------------------

  function connect() {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (socket) return;
    if (!welcomed && !status.textContent) setStatus(t.connecting);
    var ws;
    try {
      ws = new WebSocket(socketUrl);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.addEventListener("open", function () {
      ws.send(JSON.stringify({ type: "hello", session: token() || null, lang: lang }));
    });
    ws.addEventListener("message", function (event) {
      if (socket === ws) onFrame(event);
    });
    ws.addEventListener("close", function (event) {
      if (socket !== ws) return;
      socket = null;
      welcomed = false;
      showTyping(false);
      if (event.code === 1000) {
        // The server closed an idle connection: reconnect when the person is active again.
        setStatus("");
        return;
      }
      setStatus(t.reconnecting);
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    // Exponential backoff with jitter (50–100 % of the step), capped, so a restarted gateway is not
    // hit by every open page at the same moment.
    var step = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * Math.pow(2, attempt));
    attempt += 1;
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect, step * (0.5 + Math.random() * 0.5));
  }

  function connectNow() {
    // The person is active (opened the panel, sent a message, came back online): try right away.
    if (!socket) connect();
  }

  function sayHelloAgain() {
    // Switch the connection to the session stored now (none: a new one). A socket still connecting
    // says hello with it when it opens; an open one is switched in place (the protocol allows it).
    if (!socket) {
      connect();
    } else if (socket.readyState === WebSocket.OPEN) {
      welcomed = false;
      socket.send(JSON.stringify({ type: "hello", session: token() || null, lang: lang }));
    }
  }

  // ---- Panel --------------------------------------------------------------------------------------

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("pesw--open");
    unread = 0;
    updateBadge();
    connectNow();
    greetIfNew();
    scrollToEnd();
    input.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("pesw--open");
    launcher.focus();
  }

  function restart() {
    // A new conversation is a new session: the old token is dropped and the server starts a fresh one
    // (a new sender id in Rasa), then the assistant greets again. The old conversation stays in the
    // conversation log on the server; this browser no longer shows it.
    store.remove("session");
    store.remove("greeted");
    following = false;
    saveOutbox([]);
    log.textContent = "";
    live.textContent = "";
    userMessages = {};
    historyEmpty = true;
    setStatus("");
    sayHelloAgain();
    input.focus();
  }

  function submitInput() {
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    autoGrow();
    send({ text: text.slice(0, MAX_TEXT) });
  }

  function autoGrow() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 120) + "px";
  }

  launcher.addEventListener("click", function () {
    if (isOpen()) close();
    else open();
  });
  closeButton.addEventListener("click", close);
  restartButton.addEventListener("click", restart);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submitInput();
    input.focus();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitInput();
    }
  });
  input.addEventListener("input", autoGrow);
  input.addEventListener("focus", connectNow);
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      close();
    }
  });
  window.addEventListener("online", connectNow);
  window.addEventListener("storage", function (event) {
    // Another tab restarted the conversation: follow it to the new session.
    // (A removed token is ignored: that tab is about to store its new one.)
    if (event.key === store.prefix + "session" && event.newValue && event.newValue !== event.oldValue) {
      following = true;
      sayHelloAgain();
    }
  });

  updateBadge();
  setStatus("");

  function mount() {
    document.body.appendChild(host);
    // A person with a conversation sees it on every page (and new replies raise the badge);
    // a visitor who never opens the chat opens no connection.
    if (token() || outbox().length) connect();
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
