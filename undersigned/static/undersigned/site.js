// undersigned: the only script of our own (no inline script anywhere; strict CSP).
// A button with data-fill="#field" data-value="text" puts that text into the field.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-fill]");
  if (!button) return;
  var field = document.querySelector(button.getAttribute("data-fill"));
  if (field) { field.value = button.getAttribute("data-value"); field.focus(); }
  var box = button.closest(".suggestions");
  if (box) box.remove();
});

// An error summary (or any [data-focus] element) takes the focus when the page loads, so
// a failed form is announced and in view; its links move the focus to their field.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector("[data-focus]");
  if (target) { target.focus(); target.scrollIntoView({block: "start"}); }
});
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-focus-target]");
  if (!link) return;
  var field = document.getElementById(link.getAttribute("data-focus-target"));
  if (!field) return;
  event.preventDefault();
  field.scrollIntoView({block: "center"});
  field.focus();
});
