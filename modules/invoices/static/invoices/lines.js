// The lines of a new invoice and of a draft (one form, invoices/form.html): "Add line"
// appends a row from the formset's empty form (the management form's TOTAL_FORMS counts
// it), "Remove line" ticks the row's delete box and hides it, and the running total shows
// net, VAT and gross as the invoice will: each line's net rounded half up to the cent,
// the VAT of each rate on the sum of that rate's nets (modules/invoices/money.py).
(() => {
  const form = document.querySelector("[data-invoice-lines]");
  if (!form) return;
  const rows = form.querySelector("[data-lines]");
  const template = form.querySelector("template[data-line-template]");
  const total = form.querySelector("input[name$='-TOTAL_FORMS']");
  const rates = JSON.parse(document.getElementById("invoice-vat-rates").textContent);
  const money = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    style: "currency",
    currency: form.dataset.currency || "PLN",
  });

  // Whole cents, half up (away from zero), from text as typed ("1,5" or "1.5").
  const number = (text) => {
    const value = Number(String(text || "").replace(/\s/g, "").replace(",", "."));
    return Number.isFinite(value) ? value : null;
  };
  const cents = (value) => Math.sign(value) * Math.round(Math.abs(value) * 100 + 1e-6);

  const field = (row, name) => row.querySelector(`[name$='-${name}']`);

  const recount = () => {
    const perRate = new Map();
    rows.querySelectorAll("[data-line]").forEach((row) => {
      if (row.hidden) return;
      const quantity = number(field(row, "quantity").value);
      const price = number(field(row, "unit_price").value);
      if (quantity === null || price === null || field(row, "quantity").value === "") return;
      const rate = field(row, "vat_rate").value;
      perRate.set(rate, (perRate.get(rate) || 0) + cents(quantity * price));
    });
    let net = 0;
    let vat = 0;
    perRate.forEach((rateNet, rate) => {
      net += rateNet;
      vat += cents((rateNet / 100) * (Number(rates[rate]) || 0) / 100);
    });
    form.querySelector("[data-total-net]").textContent = money.format(net / 100);
    form.querySelector("[data-total-vat]").textContent = money.format(vat / 100);
    form.querySelector("[data-total-gross]").textContent = money.format((net + vat) / 100);
  };

  const enhance = (row) => {
    row.querySelector("[data-line-delete]").classList.add("d-none");
    const remove = row.querySelector("[data-line-remove]");
    remove.classList.remove("d-none");
    remove.addEventListener("click", () => {
      field(row, "DELETE").checked = true;
      row.hidden = true;
      recount();
    });
  };

  rows.querySelectorAll("[data-line]").forEach(enhance);
  form.querySelector("[data-line-add]").addEventListener("click", () => {
    const index = Number(total.value);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const row = rows.lastElementChild;
    enhance(row);
    field(row, "description").focus();
    recount();
  });
  form.addEventListener("input", recount);
  form.addEventListener("change", recount);
  form.querySelector("[data-line-totals]").hidden = false;
  recount();
})();
