// Site-wide behaviour bound from data attributes (the Content-Security-Policy forbids inline handlers):
//   data-print                        button: print the page
//   data-confirm="问题"               on a form: ask before submitting; on a button/link: ask before acting
//   data-refresh-img="#id"            button: reload that image with a fresh query string (captcha);
//     data-refresh-clear="#input"     … and empty that input (the old answer belongs to the old image)
//   data-count-checked="#out" data-count-selector="css"   form: show how many inputs match the selector
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
