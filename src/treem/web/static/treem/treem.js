// Treem — small hand-written enhancements. Everything works without JavaScript.
(function () {
  "use strict";
  // Forms marked data-autosubmit submit when a select changes (e.g. the unit switcher).
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el && el.form && el.form.hasAttribute("data-autosubmit")) { el.form.submit(); }
  });
  // Buttons with data-confirm ask before submitting.
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
  });
})();
