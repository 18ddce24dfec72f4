// Treem — live progress of a file import: polls the job's JSON endpoint every second.
(function () {
  "use strict";
  var box = document.getElementById("import-job");
  if (!box || box.getAttribute("data-finished") === "1") { return; }
  var url = box.getAttribute("data-progress-url");
  var bar = document.getElementById("import-bar");
  var status = document.getElementById("import-status");
  var count = document.getElementById("import-count");
  var waiting = box.getAttribute("data-waiting") || "Đang chờ đọc tệp…";
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (bar) { bar.value = d.percent; bar.textContent = d.percent + "%"; }
        status.textContent = d.status_label;
        if (count) count.textContent = d.rows_total ? "Đã xử lý " + d.rows_done + " / " + d.rows_total + " dòng." : waiting;
        if (d.finished) { window.location.reload(); } else { window.setTimeout(tick, 1000); }
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  window.setTimeout(tick, 1000);
})();
