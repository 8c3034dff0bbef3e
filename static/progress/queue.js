// The verification queue: "全选本页" ticks or clears every figure box of the form.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var box = e.target;
    if (!box || !box.hasAttribute || !box.hasAttribute("data-select-all")) { return; }
    var name = box.getAttribute("data-select-all");
    var form = box.form || document;
    form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (el) {
      el.checked = box.checked;
    });
  });
})();
