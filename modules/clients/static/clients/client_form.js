// The client form: the company numbers of the chosen country are shown (PL: NIP, REGON, KRS;
// SK: IČO, DIČ, IČ DPH; any other: VAT number). The others stay in the form, hidden, so what
// is stored is sent back unchanged. The server hides the same fields on (re-)display.
(function () {
  "use strict";
  function apply(form) {
    var select = form.querySelector("select[name=country]");
    if (!select) return;
    var country = select.value;
    form.querySelectorAll("[data-client-country]").forEach(function (box) {
      var group = box.getAttribute("data-client-country");
      var shown = group === country || (group === "other" && country !== "PL" && country !== "SK");
      var refused = box.querySelector(".is-invalid");
      box.classList.toggle("d-none", !shown && !refused);
    });
  }
  document.querySelectorAll("form[data-client-form]").forEach(function (form) {
    var select = form.querySelector("select[name=country]");
    if (select) select.addEventListener("change", function () { apply(form); });
  });
})();
