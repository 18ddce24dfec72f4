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
// Forms with errors: the focus goes to the error summary at the top (each item links to its field). A page
// whose template has no summary gets one built from its field errors, so every form behaves the same.
(function () {
  "use strict";
  function labelOf(field) {
    var label = field.id ? document.querySelector('label[for="' + field.id + '"]') : null;
    var text = label ? label.textContent : (field.getAttribute("aria-label") || field.name || "");
    return text.replace(/\*/g, "").replace(/\s+/g, " ").trim();
  }
  function build() {
    var seen = {};
    var invalid = Array.prototype.slice.call(document.querySelectorAll("main form [aria-invalid=true]"))
      .filter(function (el) { var key = el.name || el.id || String(Math.random()); if (seen[key]) { return false; } seen[key] = true; return true; });
    var general = Array.prototype.slice.call(document.querySelectorAll("main form > .errorlist, main form > .nonfield"));
    if (!invalid.length) { return null; }
    var box = document.createElement("div");
    box.className = "error-summary"; box.setAttribute("role", "alert"); box.tabIndex = -1;
    var title = document.createElement("h2");
    title.textContent = "Chưa lưu được: hãy sửa " + (invalid.length > 1 ? invalid.length + " mục sau" : "mục sau");
    box.appendChild(title);
    var list = document.createElement("ul");
    general.forEach(function (el) { var li = document.createElement("li"); li.textContent = el.textContent.trim(); list.appendChild(li); });
    invalid.forEach(function (field) {
      var li = document.createElement("li"); var a = document.createElement("a");
      var errors = field.id ? document.getElementById(field.id + "-errors") || document.getElementById(field.id + "_error") : null;
      a.href = "#" + field.id; a.textContent = labelOf(field) + (errors ? ": " + errors.textContent.trim() : "");
      li.appendChild(a); list.appendChild(li);
    });
    box.appendChild(list);
    var form = invalid[0].form || invalid[0].closest("form");
    form.parentNode.insertBefore(box, form);
    return box;
  }
  var summary = document.querySelector("[data-error-summary], main .error-summary") || build();
  if (summary) { summary.focus(); }
  document.addEventListener("click", function (ev) {  // a link in the summary puts the caret in the field
    var a = ev.target.closest ? ev.target.closest(".error-summary a[href^='#']") : null;
    var field = a ? document.getElementById(a.getAttribute("href").slice(1)) : null;
    if (field) { ev.preventDefault(); field.focus(); field.scrollIntoView({ block: "center" }); }
  });
})();
// Tables on a phone: each cell takes its column's heading as a label, and the stylesheet shows one card per
// row below 640 px. A table opts out with class "no-stack"; cells may set their own data-label.
(function () {
  "use strict";
  var tables = document.querySelectorAll("main table:not(.no-stack)");
  Array.prototype.forEach.call(tables, function (table) {
    var head = table.tHead && table.tHead.rows.length ? table.tHead.rows[table.tHead.rows.length - 1] : null;
    if (!head) { return; }
    var labels = [];
    Array.prototype.forEach.call(head.cells, function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) { labels.push(th.textContent.replace(/\s+/g, " ").trim()); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && labels[col] && (cell.colSpan || 1) === 1) {
            cell.setAttribute("data-label", labels[col]);
          }
          col += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("stack");
  });
})();
