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
