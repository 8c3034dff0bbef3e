/* The field app's outbox and draft photo store, in IndexedDB; loaded by the pages and by the service worker.
 *
 * An outbox item is one report the observer tapped 提交 on: its fields, its (already resized) photos and a client
 * key (a UUID) the server stores in a unique column, so sending it again — after a lost answer, from the page and
 * the service worker at once, after a Background Sync retry — never files it twice. Items are sent by the page
 * (on open, on 'online', on 重试) and by the service worker (Background Sync). Items are per user: only the page of
 * the observer who filled an item shows it, and the server refuses an item whose owner is not the sender.
 *
 * States: pending 待发送 → sending 正在发送 → sent 已发送 (kept a day so the observer sees it went) | rejected 被退回.
 */
(function (root) {
  "use strict";
  var DB_NAME = "minsheng-field";
  var STATE_LABELS = { pending: "待发送", sending: "正在发送", sent: "已发送", rejected: "被退回" };
  var SENT_KEEP_MS = 24 * 3600 * 1000;
  var dbPromise = null;

  function openDb() {
    if (dbPromise) { return dbPromise; }
    dbPromise = new Promise(function (resolve, reject) {
      var req = root.indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        var db = req.result;
        if (!db.objectStoreNames.contains("outbox")) { db.createObjectStore("outbox", { keyPath: "id" }); }
        if (!db.objectStoreNames.contains("draftPhotos")) { db.createObjectStore("draftPhotos", { keyPath: "key" }); }
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { dbPromise = null; reject(req.error); };
    });
    return dbPromise;
  }

  function tx(store, mode, fn) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(store, mode);
        var result;
        t.oncomplete = function () { resolve(result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
        var out = fn(t.objectStore(store));
        if (out && "onsuccess" in out) { out.onsuccess = function () { result = out.result; }; }
      });
    });
  }

  function uuid() {
    if (root.crypto && root.crypto.randomUUID) { return root.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    root.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  var Outbox = {
    labels: STATE_LABELS,
    uuid: uuid,
    put: function (item) { return tx("outbox", "readwrite", function (s) { return s.put(item); }); },
    get: function (id) { return tx("outbox", "readonly", function (s) { return s.get(id); }); },
    remove: function (id) { return tx("outbox", "readwrite", function (s) { return s.delete(id); }); },
    all: function (user) {
      return tx("outbox", "readonly", function (s) { return s.getAll(); }).then(function (items) {
        var now = Date.now();
        return (items || []).filter(function (it) {
          return (user == null || it.user === String(user)) && !(it.state === "sent" && now - (it.sentAt || 0) > SENT_KEEP_MS);
        }).sort(function (a, b) { return a.createdAt - b.createdAt; });
      });
    },
    waiting: function (items) {
      return items.filter(function (it) { return it.state === "pending" || it.state === "sending"; }).length;
    },
    // Draft photos (Blobs) beside the text draft in localStorage, under the same user+form key.
    savePhotos: function (key, photos) {
      return tx("draftPhotos", "readwrite", function (s) { return photos.length ? s.put({ key: key, photos: photos }) : s.delete(key); });
    },
    loadPhotos: function (key) {
      return tx("draftPhotos", "readonly", function (s) { return s.get(key); }).then(function (row) { return row ? row.photos : []; });
    },
    clearDraftPhotos: function () { return tx("draftPhotos", "readwrite", function (s) { return s.clear(); }); },

    /* POST one item. Resolves {ok, status, data} or {network: true} when the request never got an answer. */
    post: function (item, opts) {
      opts = opts || {};
      var body = new FormData();
      item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
      if ((item.action || "submit") === "submit") { body.append("client_key", item.id); }  // 提交 only: files once
      body.append("client_user", item.user);
      body.append(item.action || "submit", "1");
      (item.photos || []).forEach(function (p) { body.append("photos", new File([p.blob], p.name, { type: "image/jpeg" })); });
      if (item.document) { body.append("document", new File([item.document.blob], item.document.name, { type: item.document.type || "" })); }
      var csrf = opts.csrf || item.csrf;
      function parse(status, text) {
        var data = null;
        try { data = JSON.parse(text); } catch (e) { data = null; }
        return { ok: status >= 200 && status < 300 && data && data.ok, status: status, data: data };
      }
      if (typeof root.XMLHttpRequest === "function" && opts.onProgress) {
        return new Promise(function (resolve) {
          var xhr = new root.XMLHttpRequest();
          xhr.open("POST", item.url);
          xhr.setRequestHeader("X-CSRFToken", csrf);
          xhr.setRequestHeader("X-Field-App", "1");
          xhr.upload.onprogress = function (e) { if (e.lengthComputable) { opts.onProgress(e.loaded / e.total); } };
          xhr.onload = function () { resolve(parse(xhr.status, xhr.responseText)); };
          xhr.onerror = xhr.ontimeout = xhr.onabort = function () { resolve({ network: true }); };
          xhr.send(body);
        });
      }
      return root.fetch(item.url, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, "X-Field-App": "1" }
      }).then(function (r) { return r.text().then(function (t) { return parse(r.status, t); }); },
        function () { return { network: true }; });
    },

    /* Send one item and record what happened to it. */
    sendOne: function (item, opts) {
      item.state = "sending";
      item.attempts = (item.attempts || 0) + 1;
      return Outbox.put(item).then(function () { return Outbox.post(item, opts); }).then(function (res) {
        if (res.ok) {
          item.state = "sent"; item.sentAt = Date.now(); item.resultUrl = res.data.url; item.error = "";
          item.photos = []; item.document = null; item.fields = [];  // the server has them now
        } else if (res.network || res.status >= 500 || !res.data || (res.data && res.data.wrong_user)) {
          // No answer, a server fault, an expired CSRF token (HTML 403) or another observer signed in: try later.
          item.state = "pending";
          item.error = res.network ? "网络未连接，联网后自动发送。"
            : (res.data && res.data.wrong_user) ? "这条信息属于在本机登录过的另一位观察员，将在其登录后发送。"
              : !res.data && res.status < 500 ? "登录已过期，请重新登录后点“立即发送”。" : "暂未发送成功，稍后自动重试。";
        } else {
          item.state = "rejected";
          var errs = (res.data.errors || []).slice();
          Object.keys(res.data.fields || {}).forEach(function (name) {
            var f = res.data.fields[name];
            f.errors.forEach(function (e) { errs.push(f.label + "：" + e); });
          });
          item.error = errs.join(" ") || "报送未被接受，请修改后重新提交。";
          item.errors = res.data;
        }
        return Outbox.put(item).then(function () { return { item: item, res: res }; });
      });
    },

    /* Send every waiting item (of this user, or all when the service worker does not know the user). */
    flush: function (user, opts) {
      var run = function () {
        return Outbox.all(user).then(function (items) {
          var todo = items.filter(function (it) { return it.state === "pending" || it.state === "sending"; });
          return todo.reduce(function (p, it) {
            return p.then(function (done) { return Outbox.sendOne(it, opts).then(function (r) { done.push(r); return done; }); });
          }, Promise.resolve([]));
        });
      };
      var locks = root.navigator && root.navigator.locks;
      return locks ? locks.request("minsheng-field-outbox", run) : run();
    }
  };
  root.FieldOutbox = Outbox;

  /* ---- The outbox panel on the observer's pages ("2 条待发送", each item's state) ---------------------------- */
  if (typeof document === "undefined") { return; }
  var panel = document.querySelector("[data-outbox]");
  if (!panel) { return; }
  var user = panel.getAttribute("data-user");
  var swUrl = panel.getAttribute("data-sw");
  var scope = panel.getAttribute("data-scope");
  if (swUrl && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(swUrl, { scope: scope }).catch(function () { /* no worker: still works online */ });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }

  function render() {
    return Outbox.all(user).then(function (items) {
      var n = Outbox.waiting(items);
      var summary = panel.querySelector("[data-outbox-count]");
      summary.textContent = n ? n + " 条待发送" : "待发送信息已全部发出";
      var list = panel.querySelector("[data-outbox-list]");
      list.textContent = "";
      items.forEach(function (it) {
        var li = el("li", "list-group-item small");
        li.setAttribute("data-outbox-item", it.id);
        var top = el("div", "d-flex justify-content-between gap-2");
        top.appendChild(el("span", "", it.title || "观察信息"));
        var badge = el("span", "badge " + ({ pending: "text-bg-warning", sending: "text-bg-info", sent: "text-bg-success", rejected: "text-bg-danger" }[it.state] || "text-bg-secondary"), STATE_LABELS[it.state] || "待发送");
        badge.setAttribute("data-outbox-state", it.state);
        top.appendChild(badge);
        li.appendChild(top);
        var when = new Date(it.createdAt);
        li.appendChild(el("div", "text-secondary", "填写于 " + when.toLocaleString("zh-CN") + (it.photoCount ? " · 照片 " + it.photoCount + " 张" : "")));
        if (it.error && it.state !== "sent") { li.appendChild(el("div", it.state === "rejected" ? "text-danger" : "text-secondary", it.error)); }
        if (it.state === "sent" && it.resultUrl) {
          var a = el("a", "", "查看已报送的信息"); a.href = it.resultUrl; li.appendChild(a);
        }
        if (it.state === "rejected") {
          var del = el("button", "btn btn-link btn-sm p-0 text-danger", "删除这条");
          del.type = "button";
          del.addEventListener("click", function () {
            if (window.confirm("删除后这条观察信息将不会报送，确定删除？")) { Outbox.remove(it.id).then(render); }
          });
          li.appendChild(del);
        }
        list.appendChild(li);
      });
      panel.hidden = items.length === 0;
      return items;
    });
  }

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  var flushing = null;
  function flush() {
    if (flushing) { return flushing; }
    flushing = Outbox.flush(user, { csrf: csrf() }).then(render, render).then(function () { flushing = null; });
    render();
    return flushing;
  }
  panel.querySelector("[data-outbox-retry]").addEventListener("click", flush);
  window.addEventListener("online", flush);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (e) { if (e.data && e.data.type === "outbox") { render(); } });
  }
  root.FieldOutboxPanel = { render: render, flush: flush, user: user };
  render().then(function (items) { if (Outbox.waiting(items) && navigator.onLine !== false) { flush(); } });
})(self);
