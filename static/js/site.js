// Site-wide behaviour bound from data attributes (the Content-Security-Policy forbids inline handlers):
//   data-print                        button: print the page
//   data-confirm="问题"               on a form: ask before submitting; on a button/link: ask before acting
//   data-refresh-img="#id"            button: reload that image with a fresh query string (captcha);
//     data-refresh-clear="#input"     … and empty that input (the old answer belongs to the old image)
//   data-count-checked="#out" data-count-selector="css"   form: show how many inputs match the selector
//   data-clear-drafts                 any element: this page means "signed out", forget this browser's drafts
// Log-out (the form posting to …/logout/) first forgets the drafts kept in this browser: the observers' report
// drafts (localStorage "draft:…", their photos in IndexedDB) and the cached field-app pages. The outbox of reports
// already submitted stays: each item belongs to its observer and is sent only in their session.
(function () {
  "use strict";
  function clearDrafts() {
    var jobs = [];
    try {
      var store = window.localStorage;
      for (var i = store.length - 1; i >= 0; i--) {
        var k = store.key(i);
        if (k && (k.indexOf("draft:") === 0 || k.indexOf("observers-report-") === 0)) { store.removeItem(k); }
      }
    } catch (e) { /* storage disabled */ }
    if (window.caches) { jobs.push(window.caches.delete("field-pages").catch(function () {})); }
    if (window.indexedDB) {
      jobs.push(new Promise(function (resolve) {
        var req = window.indexedDB.open("minsheng-field");
        req.onupgradeneeded = function () { req.transaction.abort(); resolve(); };  // never created: nothing to clear
        req.onerror = function () { resolve(); };
        req.onsuccess = function () {
          var db = req.result;
          if (!db.objectStoreNames.contains("draftPhotos")) { db.close(); resolve(); return; }
          var t = db.transaction("draftPhotos", "readwrite");
          t.objectStore("draftPhotos").clear();
          t.oncomplete = t.onerror = t.onabort = function () { db.close(); resolve(); };
        };
      }));
    }
    return Promise.all(jobs);
  }
  window.minshengClearDrafts = clearDrafts;
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.action || !/\/logout\/?$/.test(new URL(form.action, window.location.href).pathname) || form.hasAttribute("data-drafts-cleared")) { return; }
    e.preventDefault();
    var go = function () { form.setAttribute("data-drafts-cleared", ""); form.submit(); };
    Promise.race([clearDrafts(), new Promise(function (r) { setTimeout(r, 1500); })]).then(go, go);
  });
  if (document.querySelector("[data-clear-drafts]")) { clearDrafts(); }
})();
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-print],[data-refresh-img],a[data-confirm],button[data-confirm]") : null;
    if (!el) { return; }
    if (el.hasAttribute("data-print")) { e.preventDefault(); window.print(); return; }
    if (el.hasAttribute("data-refresh-img")) {
      var img = document.querySelector(el.getAttribute("data-refresh-img"));
      if (img) {
        var base = img.getAttribute("data-src") || img.src.split("?")[0];
        img.src = base + "?new=1&t=" + Date.now();
      }
      var answer = el.hasAttribute("data-refresh-clear") ? document.querySelector(el.getAttribute("data-refresh-clear")) : null;
      if (answer) { answer.value = ""; answer.focus(); }
      return;
    }
    if (el.hasAttribute("data-confirm") && !window.confirm(el.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.hasAttribute && form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });
  function bindCounters(root) {
    root.querySelectorAll("form[data-count-checked]").forEach(function (form) {
      var out = document.querySelector(form.getAttribute("data-count-checked"));
      var selector = form.getAttribute("data-count-selector");
      if (!out || !selector) { return; }
      var update = function () { out.textContent = form.querySelectorAll(selector).length; };
      form.addEventListener("change", update);
      update();
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { bindCounters(document); });
  } else {
    bindCounters(document);
  }
})();
