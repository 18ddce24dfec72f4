// Treem — children register: live check of the 12-digit personal ID format (the server checks again).
(function () {
  "use strict";
  function check(input) {
    var value = input.value.replace(/[\s.\-]/g, "");
    var id = input.id + "-live";
    var note = document.getElementById(id);
    if (!note) {
      note = document.createElement("p");
      note.id = id;
      note.className = "error small";
      note.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", note);
    }
    var message = "";
    if (value && !/^[0-9]+$/.test(value)) {
      message = "Số định danh cá nhân chỉ gồm chữ số.";
    } else if (value && value.length !== 12) {
      message = "Số định danh cá nhân phải có đúng 12 chữ số (đang có " + value.length + ").";
    }
    note.textContent = message;
  }
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el && el.hasAttribute && el.hasAttribute("data-personal-id")) { check(el); }
  });
})();
