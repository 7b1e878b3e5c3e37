// Small behaviours shared by every page. Bootstrap and HTMX are loaded before this file.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const box = document.createElement("div");
  box.className = "alert alert-danger position-fixed bottom-0 end-0 m-3 shadow";
  box.setAttribute("role", "alert");
  box.textContent = document.body.dataset.errorText || `Error ${status}`;
  document.body.appendChild(box);
  setTimeout(() => box.remove(), 6000);
});

// A form marked data-autosubmit (the cross-host sign-in page) is sent as soon as the page is
// read: the action needs a POST (a GET from a mail scanner must not act), the person no click.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-autosubmit]").forEach((form) => form.submit());
});
