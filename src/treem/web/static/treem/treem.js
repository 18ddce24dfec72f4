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
// Unit pickers (input[data-unit-search] with a <datalist>): suggestions from the server as the user types,
// accents optional, current map first with former names as hints. Without script the page's own list works.
(function () {
  "use strict";
  var timers = new WeakMap();
  document.addEventListener("input", function (ev) {
    var el = ev.target;
    if (!el || !el.matches || !el.matches("input[data-unit-search]")) { return; }
    var list = document.getElementById(el.getAttribute("list"));
    var q = el.value.trim();
    if (!list || q.length < 2 || /\(mã [^)]+\)$/.test(q)) { return; }
    window.clearTimeout(timers.get(el));
    timers.set(el, window.setTimeout(function () {
      var url = el.getAttribute("data-unit-search");
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (d) {
          list.textContent = "";
          d.results.forEach(function (u) {
            var opt = document.createElement("option");
            opt.value = u.label;
            // The browser shows only suggestions whose text contains what was typed: a search without
            // accents ("tan son nhat") or by a former name ("phuong 4") repeats it in the hint.
            var hint = u.hint || "";
            if (u.label.toLowerCase().indexOf(q.toLowerCase()) < 0 && hint.toLowerCase().indexOf(q.toLowerCase()) < 0) {
              hint = (hint ? hint + " · " : "") + "tìm: " + q;
            }
            if (hint) { opt.textContent = hint; }
            list.appendChild(opt);
          });
        })
        .catch(function () { /* keep the page's own suggestions */ });
    }, 200));
  });
})();
