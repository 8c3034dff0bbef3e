/* The field report form. One source of truth: `state` holds what the observer has entered — the common fields,
 * the project, and the 信息采集卡 answers per project — and the page is drawn from it. Changing the project keeps
 * the common fields, swaps in the new project's card and puts back the answers given for that project before.
 *
 * The draft (state in localStorage, photos in IndexedDB) is keyed by user and form ("draft:<user>:<form>"), cleared
 * when the server confirms the report (or when it goes into the outbox, which then holds it) and at log-out
 * (site.js). Photos are resized here (long side 2,560 px, JPEG) before they are stored or sent. 提交 puts the
 * report into the outbox (outbox.js) with a client key and sends it at once; without signal it waits there.
 * Without JavaScript the form still posts normally. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.FieldOutbox) { return; }
  var Outbox = window.FieldOutbox;
  var user = form.getAttribute("data-user");
  var key = "draft:" + user + ":" + form.getAttribute("data-autosave");
  var cardUrl = form.getAttribute("data-card-url");
  var existingPhotos = parseInt(form.getAttribute("data-existing-photos") || "0", 10);
  // Long side 2,560 px as stored; the JPEG quality steps down until a photo fits the byte budget, and only when
  // the lowest quality still does not fit is the long side cut to 2,048 px: three photos then go up in under 20 s
  // on a weak signal (Slow 3G uploads about 50 KB/s; 3 × 220 KB ≈ 14 s plus a few round trips).
  var MAX_PHOTOS = 9, SIDES = [2560, 2048], QUALITIES = [0.8, 0.7, 0.6, 0.5, 0.42], BYTE_BUDGET = 220 * 1024;
  var HEIC = "暂不支持 HEIC，请在相机设置中选择‘兼容性最佳’";
  var store;
  try { store = window.localStorage; } catch (e) { store = null; }
  var cardBox = document.getElementById("card-fields");
  var projectSel = form.elements.project;
  var COMMON = ["kind", "county", "visited_on", "town", "place", "latitude", "longitude", "content", "suggestions", "residents_said", "problem"];

  var state = { project: projectSel ? projectSel.value : "", fields: {}, answers: {} };
  var cardProject = state.project;  // whose card is on the page now (it lags state.project while one loads)
  var photos = [];   // {id, name, blob, w, h} ready to send; {id, name, error} shown but never sent
  var busy = 0;      // photos still being resized

  /* ---- reading and drawing ------------------------------------------------------------------------------- */
  function valuesOf(name, root) {
    var out = [];
    Array.prototype.forEach.call((root || form).querySelectorAll("[name='" + name + "']"), function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      out.push(el.value);
    });
    return out;
  }
  function readCard() {
    var out = {};
    Array.prototype.forEach.call(cardBox.querySelectorAll("[name^='answer_']"), function (el) {
      out[el.name] = valuesOf(el.name, cardBox);
    });
    return out;
  }
  function readAll() {
    COMMON.forEach(function (n) { state.fields[n] = valuesOf(n); });
    if (cardProject) { state.answers[cardProject] = readCard(); }
  }
  function setValues(name, values, root) {
    var els = (root || form).querySelectorAll("[name='" + name + "']");
    Array.prototype.forEach.call(els, function (el, i) {
      if (el.type === "radio" || el.type === "checkbox") { el.checked = values.indexOf(el.value) !== -1; }
      else { el.value = values[i] !== undefined ? values[i] : ""; }
    });
  }
  function drawCommon() {
    var problems = state.fields.problem || [];
    var have = form.querySelectorAll("[name=problem]").length;
    for (var i = have; i < problems.length; i++) { addProblemBox(); }
    COMMON.forEach(function (n) { if (state.fields[n]) { setValues(n, state.fields[n]); } });
    showGeo();
  }
  function drawAnswers() {
    var answers = state.answers[cardProject] || {};
    Object.keys(answers).forEach(function (n) { setValues(n, answers[n], cardBox); });
  }

  var cardSeq = 0;
  function loadCard(project) {
    var seq = ++cardSeq;
    if (!project) { cardBox.textContent = ""; cardProject = ""; return Promise.resolve(); }
    cardBox.setAttribute("aria-busy", "true");
    return fetch(cardUrl + "?project=" + encodeURIComponent(project), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        if (seq !== cardSeq) { return; }  // the observer has already chosen another project
        cardBox.innerHTML = html;  // our own server-rendered fragment
        cardProject = project;
        drawAnswers();
      }, function () {
        if (seq !== cardSeq) { return; }
        cardBox.innerHTML = "";
        cardProject = "";
        var p = document.createElement("p");
        p.className = "text-secondary small";
        p.textContent = "当前没有网络，且本机没有这个项目的信息采集卡；可先填写其他内容，联网后再补充采集卡。";
        cardBox.appendChild(p);
      }).then(function () { if (seq === cardSeq) { cardBox.removeAttribute("aria-busy"); } });
  }

  /* ---- the draft ------------------------------------------------------------------------------------------ */
  var timer = null;
  function persist() {
    if (!store) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      try { store.setItem(key, JSON.stringify({ at: Date.now(), state: state })); } catch (e) { /* quota */ }
    }, 250);
  }
  function persistPhotos() {
    return Outbox.savePhotos(key, photos.filter(function (p) { return p.blob; }).map(function (p) {
      return { id: p.id, name: p.name, blob: p.blob, w: p.w, h: p.h };
    })).catch(function () { /* private mode: photos stay in memory only */ });
  }
  function clearDraft() {
    clearTimeout(timer);
    if (store) { store.removeItem(key); }
    return Outbox.savePhotos(key, []).catch(function () {});
  }

  function onEdit(ev) {
    var t = ev.target;
    if (!t.name || t.type === "file") { return; }
    if (t === projectSel) {
      readAll();  // the answers of the card on the page are kept under its own project
      if (projectSel.value !== state.project) {
        state.project = projectSel.value;
        loadCard(state.project);
      }
    } else {
      readAll();
    }
    persist();
  }
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);

  /* ---- problems, position ---------------------------------------------------------------------------------- */
  function addProblemBox() {
    var box = form.querySelector("[data-problems]");
    var n = box.querySelectorAll("textarea[name=problem]").length + 1;
    var label = document.createElement("label");
    label.className = "visually-hidden"; label.htmlFor = "problem" + n; label.textContent = "问题 " + n;
    var ta = document.createElement("textarea");
    ta.className = "form-control mb-2"; ta.rows = 2; ta.name = "problem"; ta.id = "problem" + n; ta.placeholder = "问题 " + n;
    var button = box.querySelector("[data-add-problem]");
    box.insertBefore(label, button); box.insertBefore(ta, button);
    return ta;
  }
  form.querySelector("[data-add-problem]").addEventListener("click", function () { addProblemBox().focus(); });

  var lat = form.elements.latitude, lng = form.elements.longitude;
  var geoStatus = form.querySelector("[data-geo-status]");
  var geoRemove = form.querySelector("[data-geo-remove]");
  function showGeo() {
    var has = lat.value && lng.value;
    geoStatus.textContent = has ? "已添加位置 " + lat.value + ", " + lng.value : "";
    geoRemove.classList.toggle("d-none", !has);
  }
  form.querySelector("[data-geo-add]").addEventListener("click", function () {
    if (!navigator.geolocation) { geoStatus.textContent = "此浏览器不支持定位。"; return; }
    geoStatus.textContent = "正在定位…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = pos.coords.latitude.toFixed(6); lng.value = pos.coords.longitude.toFixed(6);
      showGeo(); readAll(); persist();
    }, function () { geoStatus.textContent = "未能获取位置（可能未授权），可只填写乡镇和村。"; }, { timeout: 10000 });
  });
  geoRemove.addEventListener("click", function () { lat.value = ""; lng.value = ""; showGeo(); readAll(); persist(); });

  /* ---- photos: resized here, listed with a remove button, errors shown beside the photo ------------------- */
  var fileInput = form.elements.photos;
  var photoList = form.querySelector("[data-photo-list]");
  var photoStatus = form.querySelector("[data-photo-status]");
  function drawPhotos() {
    photoList.textContent = "";
    photos.forEach(function (p, i) {
      var fig = document.createElement("figure");
      fig.className = "obs-photo m-0 text-center small";
      fig.setAttribute("data-photo", p.name);
      if (p.blob) {
        var img = document.createElement("img");
        img.src = p.url || (p.url = URL.createObjectURL(p.blob));
        img.alt = "待上传照片 " + (i + 1);
        img.className = "obs-thumb rounded";
        img.width = 96; img.height = 72;
        fig.appendChild(img);
      }
      var cap = document.createElement("figcaption");
      cap.textContent = p.error ? p.name + "：" + p.error : (p.w ? p.w + "×" + p.h : "");
      if (p.error) { cap.className = "text-danger"; fig.setAttribute("data-photo-error", ""); }
      fig.appendChild(cap);
      var rm = document.createElement("button");
      rm.type = "button"; rm.className = "btn btn-link btn-sm p-0";
      rm.textContent = p.error ? "知道了" : "移除";
      rm.setAttribute("aria-label", (p.error ? "关闭提示：" : "移除照片：") + p.name);
      rm.addEventListener("click", function () {
        photos.splice(photos.indexOf(p), 1);
        if (p.url) { URL.revokeObjectURL(p.url); }
        drawPhotos(); persistPhotos();
      });
      fig.appendChild(rm);
      photoList.appendChild(fig);
    });
  }
  function isHeic(file) { return /image\/hei[cf]/i.test(file.type) || /\.(heic|heif)$/i.test(file.name); }
  function resize(file) {
    var decode = window.createImageBitmap
      ? createImageBitmap(file, { imageOrientation: "from-image" })
      : new Promise(function (resolve, reject) {
        var img = new Image(); img.onload = function () { resolve(img); }; img.onerror = reject; img.src = URL.createObjectURL(file);
      });
    return decode.then(function (bmp) {
      var w = bmp.width, h = bmp.height;
      function draw(side) {
        var scale = Math.min(1, side / Math.max(w, h));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(w * scale); canvas.height = Math.round(h * scale);
        var ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(bmp, 0, 0, canvas.width, canvas.height);
        return canvas;
      }
      function encode(s, i, canvas) {
        return new Promise(function (resolve, reject) {
          canvas.toBlob(function (blob) { return blob ? resolve(blob) : reject(new Error("encode")); }, "image/jpeg", QUALITIES[i]);
        }).then(function (blob) {
          if (blob.size <= BYTE_BUDGET) { return { blob: blob, w: canvas.width, h: canvas.height }; }
          if (i + 1 < QUALITIES.length) { return encode(s, i + 1, canvas); }
          if (s + 1 < SIDES.length) { return encode(s + 1, 0, draw(SIDES[s + 1])); }
          return { blob: blob, w: canvas.width, h: canvas.height };  // the smallest we can make; sent as it is
        });
      }
      return encode(0, 0, draw(SIDES[0])).then(function (r) { if (bmp.close) { bmp.close(); } return r; });
    });
  }
  function usable() { return photos.filter(function (p) { return p.blob; }).length; }
  if (fileInput) {
    fileInput.addEventListener("change", function () {
      var files = Array.prototype.slice.call(fileInput.files || []);
      fileInput.value = "";
      var total = files.length, done = 0;
      var chain = Promise.resolve();
      files.forEach(function (file) {
        chain = chain.then(function () {
          var name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
          if (isHeic(file)) { photos.push({ id: Outbox.uuid(), name: file.name, error: HEIC }); return; }
          if (existingPhotos + usable() >= MAX_PHOTOS) {
            photos.push({ id: Outbox.uuid(), name: file.name, error: "每条观察信息最多上传 9 张照片，这张未添加。" });
            return;
          }
          busy++;
          photoStatus.textContent = "正在处理照片 " + (done + 1) + "/" + total + "…";
          return resize(file).then(function (r) {
            photos.push({ id: Outbox.uuid(), name: name, blob: r.blob, w: r.w, h: r.h });
          }, function () {
            photos.push({ id: Outbox.uuid(), name: file.name, error: "无法读取这张照片（可能已损坏），请重新拍摄或换一张；其他照片不受影响。" });
          }).then(function () { busy--; });
        }).then(function () { done++; drawPhotos(); });
      });
      chain.then(function () {
        photoStatus.textContent = total ? "照片已处理 " + done + "/" + total + " 张，共 " + usable() + " 张待上传。" : "";
        persistPhotos();
      });
    });
  }

  /* ---- errors from the server, next to what they are about ----------------------------------------------- */
  var errorBox = form.querySelector("[data-form-errors]");
  function showErrors(data) {
    form.querySelectorAll(".js-field-error").forEach(function (e) { e.remove(); });
    form.querySelectorAll(".is-invalid").forEach(function (e) { e.classList.remove("is-invalid"); });
    var general = (data.errors || []).slice();
    Object.keys(data.fields || {}).forEach(function (name) {
      var f = data.fields[name];
      var input = form.querySelector("[name='" + name + "']");
      if (input && input.type !== "hidden") {
        input.classList.add("is-invalid");
        var div = document.createElement("div");
        div.className = "invalid-feedback d-block js-field-error";
        div.textContent = f.errors.join(" ");
        input.insertAdjacentElement("afterend", div);
      } else {
        f.errors.forEach(function (e) { general.push(f.label + "：" + e); });
      }
    });
    errorBox.textContent = "";
    var ul = document.createElement("ul"); ul.className = "mb-0";
    general.concat(Object.keys(data.fields || {}).length ? ["请按标红处修改后再提交。"] : []).forEach(function (m) {
      var li = document.createElement("li"); li.textContent = m; ul.appendChild(li);
    });
    errorBox.appendChild(ul);
    errorBox.classList.remove("d-none");
    errorBox.scrollIntoView({ block: "center" });
  }
  function notice(text, kind) {
    errorBox.textContent = text;
    errorBox.className = "alert alert-" + (kind || "info");
    errorBox.classList.remove("d-none");
    errorBox.scrollIntoView({ block: "center" });
  }

  /* ---- sending ------------------------------------------------------------------------------------------- */
  var progress = form.querySelector("[data-upload-progress]");
  function buildItem(action) {
    readAll();
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "submit" || el.type === "button" || el.name === "csrfmiddlewaretoken") { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      fields.push([el.name, el.value]);
    });
    var doc = form.elements.document && form.elements.document.files && form.elements.document.files[0];
    var project = projectSel && projectSel.selectedOptions[0];
    var title = (project && project.value ? project.textContent.replace(/^\d{4} · /, "") : "综合") + " · " +
      (state.fields.visited_on && state.fields.visited_on[0] || "");
    return {
      id: Outbox.uuid(), user: user, url: form.getAttribute("action") || window.location.pathname, action: action,
      state: "pending", createdAt: Date.now(), attempts: 0, title: title, fields: fields,
      photos: photos.filter(function (p) { return p.blob; }).map(function (p) { return { name: p.name, blob: p.blob }; }),
      photoCount: usable(),
      document: doc ? { name: doc.name, type: doc.type, blob: doc } : null,
      csrf: form.elements.csrfmiddlewaretoken.value
    };
  }
  function resetForm() {
    form.reset();
    state = { project: "", fields: {}, answers: {} };
    photos.forEach(function (p) { if (p.url) { URL.revokeObjectURL(p.url); } });
    photos = [];
    drawPhotos();
    lat.value = ""; lng.value = ""; showGeo();
    if (projectSel) { projectSel.value = ""; }
    loadCard("");
    var restored = document.querySelector("[data-autosave-notice]");
    if (restored) { restored.classList.add("d-none"); }
  }
  var sending = false;
  function waitForPhotos() {
    return new Promise(function (resolve) {
      (function check() { if (!busy) { resolve(); } else { setTimeout(check, 100); } })();
    });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (sending) { return; }
    var action = ev.submitter && ev.submitter.name === "save" ? "save" : "submit";
    sending = true;
    var buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach(function (b) { b.disabled = true; });
    waitForPhotos().then(function () {
      var item = buildItem(action);
      progress.hidden = false; progress.value = 0;
      var onProgress = function (f) { progress.value = Math.round(f * 100); };
      if (action === "save") {
        // A server draft: sent now or not at all (offline, the local draft already keeps everything).
        return Outbox.post(item, { onProgress: onProgress }).then(function (res) {
          if (res.ok) { return clearDraft().then(function () { window.location.assign(res.data.url); }); }
          if (res.network) { notice("当前没有网络：内容已保存在本机，联网后可再保存草稿或直接提交。", "warning"); return; }
          showErrors(res.data || { errors: ["保存未成功，请稍后重试。"] });
        });
      }
      // 提交: into the outbox first, so nothing is lost whatever happens to the request.
      return Outbox.put(item).then(function () { return Outbox.sendOne(item, { onProgress: onProgress }); }).then(function (r) {
        var res = r.res;
        if (res.ok) {
          return clearDraft().then(function () { window.location.assign(res.data.url); });
        }
        if (r.item.state === "rejected") {
          // Refused as typed: it goes back to being this form's draft, with the errors beside the fields.
          return Outbox.remove(item.id).then(function () { showErrors(res.data); });
        }
        // No signal: the outbox holds it now; the form is free for the next report.
        return clearDraft().then(function () {
          resetForm();
          if (navigator.serviceWorker && navigator.serviceWorker.ready) {
            navigator.serviceWorker.ready.then(function (reg) { return reg.sync && reg.sync.register("field-outbox"); }).catch(function () {});
          }
          var panel = window.FieldOutboxPanel;
          return (panel ? panel.render() : Promise.resolve([])).then(function (items) {
            notice("当前没有网络，这条观察信息已存入本机“待发送”（" + Outbox.waiting(items || []) + " 条待发送），联网后自动发送。", "warning");
          });
        });
      });
    }).then(function () {
      sending = false; progress.hidden = true;
      buttons.forEach(function (b) { b.disabled = false; });
      if (window.FieldOutboxPanel) { window.FieldOutboxPanel.render(); }
    });
  });

  /* ---- start: restore the draft, then keep the cards of the observer's projects for offline use ---------- */
  var saved = null;
  if (store) { try { saved = JSON.parse(store.getItem(key) || "null"); } catch (e) { saved = null; } }
  var restoredNotice = document.querySelector("[data-autosave-notice]");
  Outbox.loadPhotos(key).catch(function () { return []; }).then(function (stored) {
    if (saved && saved.state) {
      var serverProject = state.project;
      state = { project: saved.state.project || "", fields: saved.state.fields || {}, answers: saved.state.answers || {} };
      drawCommon();
      if (projectSel) { projectSel.value = state.project; }
      if (state.project !== serverProject) { loadCard(state.project); } else { drawAnswers(); }
    } else {
      readAll();
    }
    photos = (stored || []).map(function (p) { return { id: p.id, name: p.name, blob: p.blob, w: p.w, h: p.h }; });
    drawPhotos();
    if ((saved && saved.state) || photos.length) { restoredNotice.classList.remove("d-none"); }
    form.setAttribute("data-ready", "");
  });
  var discard = document.querySelector("[data-autosave-discard]");
  if (discard) {
    discard.addEventListener("click", function () { clearDraft().then(function () { window.location.reload(); }); });
  }
  if ("caches" in window && navigator.onLine !== false && projectSel) {
    // The observer's own projects (their group's, listed first); everything only when they have none.
    var mine = projectSel.querySelectorAll("optgroup[label='本组联系的项目'] option");
    var options = mine.length ? mine : projectSel.querySelectorAll("option");
    var urls = [form.getAttribute("data-new-url")];
    Array.prototype.forEach.call(options, function (o) { if (o.value && urls.length <= 40) { urls.push(cardUrl + "?project=" + o.value); } });
    caches.open("field-pages").then(function (c) { return c.addAll(urls); }).catch(function () { /* offline or quota */ });
  }
})();
