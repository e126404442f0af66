// The console's only script (served by the app; the CSP forbids inline script): after a refused
// form, focus moves to the message so keyboard and screen-reader users hear what went wrong.
document.addEventListener("DOMContentLoaded", function () {
  var error = document.getElementById("form-error");
  if (error) {
    error.setAttribute("tabindex", "-1");
    error.focus();
  }
});
