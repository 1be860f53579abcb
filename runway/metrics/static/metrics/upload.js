// Drag and drop onto the upload form's file input. Without JavaScript the input works as it is;
// with it, a file dropped anywhere on the zone becomes the input's file, and the button says the
// upload is under way (a large export takes a while to send).
(function () {
  "use strict";
  function setUp(zone) {
    var input = zone.querySelector('input[type="file"]');
    var hint = zone.querySelector("[data-dropzone-hint]");
    if (!input) { return; }
    function show() {
      if (hint && input.files && input.files.length) { hint.textContent = input.files[0].name; }
    }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        show();
      }
    });
    input.addEventListener("change", show);
  }
  function busy(form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) {
        button.setAttribute("aria-busy", "true");
        if (button.dataset.uploading) { button.textContent = button.dataset.uploading; }
      }
    });
  }
  function start() {
    document.querySelectorAll("[data-dropzone]").forEach(setUp);
    var form = document.getElementById("upload-form");
    if (form) { busy(form); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
