/* Field report form: keeps what was typed in localStorage (restored on reload, cleared after the server
 * saved it), adds problem boxes, and adds the position only when the observer taps the button. No deps. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  var params = new URLSearchParams(window.location.search);
  var saved = params.get("saved");
  var store;
  try { store = window.localStorage; } catch (e) { store = null; }
  // The server has stored the form that used this key: forget the local copy.
  if (saved && store) { store.removeItem(saved); }
  if (!form) { return; }
  var key = form.getAttribute("data-autosave");
  var SKIP = { csrfmiddlewaretoken: 1, photos: 1, document: 1, remove_photo: 1 };

  function collect() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "file" || el.type === "submit" || el.type === "button") { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      (data[el.name] = data[el.name] || []).push(el.value);
    });
    return data;
  }

  function addProblemBox() {
    var box = form.querySelector("[data-problems]");
    var areas = box.querySelectorAll("textarea[name=problem]");
    var n = areas.length + 1;
    var label = document.createElement("label");
    label.className = "visually-hidden"; label.htmlFor = "problem" + n; label.textContent = "问题 " + n;
    var ta = document.createElement("textarea");
    ta.className = "form-control mb-2"; ta.rows = 2; ta.name = "problem"; ta.id = "problem" + n; ta.placeholder = "问题 " + n;
    var button = box.querySelector("[data-add-problem]");
    box.insertBefore(label, button); box.insertBefore(ta, button);
    return ta;
  }

  function apply(data) {
    Object.keys(data).forEach(function (name) {
      var values = data[name];
      var els = form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']");
      if (name === "problem") {
        for (var i = els.length; i < values.length; i++) { addProblemBox(); }
        els = form.querySelectorAll("[name=problem]");
      }
      Array.prototype.forEach.call(els, function (el, i) {
        if (el.type === "radio" || el.type === "checkbox") { el.checked = values.indexOf(el.value) !== -1; }
        else if (values[i] !== undefined && el.type !== "hidden" || (el.type === "hidden" && values[i])) { el.value = values[i]; }
      });
    });
    showGeo();
  }

  var timer = null;
  function save() {
    if (!store) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      try { store.setItem(key, JSON.stringify({ at: Date.now(), data: collect() })); } catch (e) { /* quota: ignore */ }
    }, 300);
  }

  var pending = null;
  if (store && !saved) {
    try { pending = JSON.parse(store.getItem(key) || "null"); } catch (e) { pending = null; }
    if (pending && pending.data) {
      var projectBefore = form.elements.project ? form.elements.project.value : "";
      apply(pending.data);
      var notice = document.querySelector("[data-autosave-notice]");
      if (notice) { notice.classList.remove("d-none"); }
      // A restored project may have a different card: fetch it, then re-apply the card answers.
      if (form.elements.project && form.elements.project.value !== projectBefore && window.htmx) {
        window.htmx.trigger(form.elements.project, "change");
      }
    }
  }
  document.body.addEventListener("htmx:afterSwap", function (ev) {
    if (ev.detail.target && ev.detail.target.id === "card-fields" && pending && pending.data) { apply(pending.data); }
    pending = { data: collect() };
  });
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  var discard = document.querySelector("[data-autosave-discard]");
  if (discard) {
    discard.addEventListener("click", function () { if (store) { store.removeItem(key); } window.location.reload(); });
  }
  form.querySelector("[data-add-problem]").addEventListener("click", function () { addProblemBox().focus(); });

  // Position: only on an explicit tap, never automatically.
  var lat = form.elements.latitude, lng = form.elements.longitude;
  var status = form.querySelector("[data-geo-status]");
  var removeBtn = form.querySelector("[data-geo-remove]");
  function showGeo() {
    if (!lat) { return; }
    var has = lat.value && lng.value;
    status.textContent = has ? "已添加位置 " + lat.value + ", " + lng.value : "";
    removeBtn.classList.toggle("d-none", !has);
  }
  form.querySelector("[data-geo-add]").addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = "此浏览器不支持定位。"; return; }
    status.textContent = "正在定位…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = pos.coords.latitude.toFixed(6); lng.value = pos.coords.longitude.toFixed(6);
      showGeo(); save();
    }, function () { status.textContent = "未能获取位置（可能未授权），可只填写乡镇和村。"; }, { timeout: 10000 });
  });
  removeBtn.addEventListener("click", function () { lat.value = ""; lng.value = ""; showGeo(); save(); });
})();
