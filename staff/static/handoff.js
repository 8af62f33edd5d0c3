/* The live handoff pages of the staff console (staff/handoff_pages.py).
 *
 * The queue page and the conversation page work without this script (forms and reloads). With it,
 * they follow the gateway's server-sent events (/staff/handoff/events): the queue is redrawn from
 * each snapshot, and the conversation shows the person's and staff messages as they come. Replies
 * are sent with fetch (CSRF token in the X-CSRF-Token header); the reply itself appears through the
 * event stream, like a colleague's. Texts come from the page (data-texts), in the console's
 * language. Everything is built with textContent: nothing received is parsed as HTML.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-handoff-page]");
  if (!root || !window.EventSource) return;
  var kind = root.getAttribute("data-handoff-page");
  var csrf = root.getAttribute("data-csrf") || "";
  var texts = {};
  try {
    texts = JSON.parse(root.getAttribute("data-texts") || "{}");
  } catch (e) {
    texts = {};
  }
  var liveStatus = document.getElementById("live-status");

  function t(key, values) {
    var text = texts[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function setStatus(text) {
    if (liveStatus) liveStatus.textContent = text;
  }

  function minutesSince(iso) {
    var since = Date.parse(iso);
    return isNaN(since) ? 0 : Math.max(0, Math.floor((Date.now() - since) / 60000));
  }

  // ---- The queue ----------------------------------------------------------------------------------

  function takeForm(entry) {
    var form = element("form", "inline");
    form.method = "post";
    form.action = "/staff/handoff/" + entry.id + "/take";
    var token = element("input");
    token.type = "hidden";
    token.name = "csrf_token";
    token.value = csrf;
    var button = element("button", null, t("take"));
    button.type = "submit";
    button.appendChild(element("span", "visually-hidden", " " + entry.person));
    form.appendChild(token);
    form.appendChild(button);
    return form;
  }

  function cell(row, content) {
    var td = element("td");
    if (content instanceof Node) td.appendChild(content);
    else td.textContent = content;
    row.appendChild(td);
    return td;
  }

  function emptyRow(columns, text) {
    var row = element("tr");
    cell(row, text).colSpan = columns;
    return row;
  }

  function renderQueue(entries) {
    var waitingRows = document.getElementById("waiting-rows");
    var activeRows = document.getElementById("active-rows");
    if (!waitingRows || !activeRows) return;
    var waiting = entries.filter(function (entry) {
      return entry.status === "waiting";
    });
    var active = entries.filter(function (entry) {
      return entry.status === "active";
    });
    waitingRows.textContent = "";
    waiting.forEach(function (entry) {
      var row = element("tr");
      cell(row, String(entry.position));
      cell(row, entry.person);
      cell(row, entry.channel + " · " + entry.language);
      cell(row, t("reasons." + entry.reason));
      var since = element("time", null, t("minutes", { minutes: minutesSince(entry.requested_at) }));
      since.setAttribute("datetime", entry.requested_at);
      since.setAttribute("data-since", entry.requested_at);
      cell(row, since);
      cell(row, takeForm(entry));
      waitingRows.appendChild(row);
    });
    if (!waiting.length) waitingRows.appendChild(emptyRow(6, t("no_waiting")));
    activeRows.textContent = "";
    active.forEach(function (entry) {
      var row = element("tr");
      cell(row, entry.person);
      cell(row, entry.channel + " · " + entry.language);
      cell(row, entry.taken_by || "");
      var link = element("a", null, t("open"));
      link.href = "/staff/handoff/" + entry.id;
      link.appendChild(element("span", "visually-hidden", " " + entry.person));
      cell(row, link);
      activeRows.appendChild(row);
    });
    if (!active.length) activeRows.appendChild(emptyRow(4, t("no_active")));
    var count = document.getElementById("waiting-count");
    if (count) count.textContent = texts.waiting_count ? t("waiting_count", { count: waiting.length }) : count.textContent;
  }

  function refreshWaitTimes() {
    Array.prototype.forEach.call(document.querySelectorAll("time[data-since]"), function (node) {
      node.textContent = t("minutes", { minutes: minutesSince(node.getAttribute("data-since")) });
    });
  }

  // ---- One conversation ---------------------------------------------------------------------------

  var ROLE_CLASS = { person: "user", staff: "staff", assistant: "bot" };

  function appendMessage(message) {
    var list = document.getElementById("live-messages");
    if (!list) return;
    var item = element("li", "event " + (ROLE_CLASS[message.role] || "handoff"));
    var meta = element("div", "meta");
    var when = element("time", null, new Date(message.at).toLocaleTimeString());
    when.setAttribute("datetime", message.at);
    meta.appendChild(when);
    var who = t(message.role === "person" ? "person" : "staff");
    meta.appendChild(document.createTextNode(" · " + who + (message.author ? " · " + message.author : "")));
    item.appendChild(meta);
    item.appendChild(element("p", "text", message.text));
    if (message.delivered === false) item.appendChild(element("p", "minor", t("not_delivered")));
    list.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
  }

  function showState(state) {
    var node = document.getElementById("live-state");
    if (state.status === "closed") {
      if (node) node.textContent = t("closed");
      ["reply-form", "release-form"].forEach(function (id) {
        var form = document.getElementById(id);
        if (form) form.hidden = true;
      });
      setStatus(t("closed"));
    } else if (state.status === "active" && node && state.taken_by) {
      node.textContent = t("taken_by", { name: state.taken_by });
    }
  }

  function sendReplies() {
    var form = document.getElementById("reply-form");
    if (!form || !window.fetch) return;
    var textarea = form.querySelector("textarea");
    var status = document.getElementById("reply-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = new URLSearchParams(new FormData(form));
      var button = form.querySelector("button");
      if (button) button.disabled = true;
      fetch(form.action, {
        method: "POST",
        headers: { "X-CSRF-Token": csrf, Accept: "application/json" },
        body: body,
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (answer) {
            if (!response.ok) throw new Error(answer.message || t("send_failed"));
            textarea.value = "";
            if (status) status.textContent = "";
          });
        })
        .catch(function (error) {
          if (status) status.textContent = error.message || t("send_failed");
        })
        .then(function () {
          if (button) button.disabled = false;
          textarea.focus();
        });
    });
  }

  // ---- Events -------------------------------------------------------------------------------------

  var handoff = root.getAttribute("data-handoff");
  var source = new EventSource("/staff/handoff/events" + (handoff ? "?handoff=" + encodeURIComponent(handoff) : ""));
  source.addEventListener("open", function () {
    setStatus("");
  });
  source.addEventListener("error", function () {
    setStatus(t("connection_lost"));
  });
  source.addEventListener("queue", function (event) {
    renderQueue(JSON.parse(event.data).entries || []);
  });
  source.addEventListener("message", function (event) {
    appendMessage(JSON.parse(event.data));
  });
  source.addEventListener("state", function (event) {
    showState(JSON.parse(event.data));
  });
  source.addEventListener("failed", function () {
    setStatus(t("not_delivered"));
  });

  if (kind === "queue") setInterval(refreshWaitTimes, 30000);
  if (kind === "live") sendReplies();
})();
