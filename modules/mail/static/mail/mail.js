// Mail screens: client picker (keyboard: type, arrows, Enter), select-all in the archive,
// and the sender/recipient fields following the direction.
(() => {
  // Registration: "this client will not be notified" as soon as the client is picked or the
  // notification choice changes (the picked option carries the channels somebody receives
  // the client's notifications on, and the client's own default choice).
  const notifyWarning = (form) => {
    const box = form && form.querySelector("[data-notify-warning]");
    if (!box) return;
    const clientId = form.querySelector("[data-client-id]").value;
    const checked = form.querySelector("input[name=notify_choice]:checked");
    const choice = checked ? checked.value : "none";
    const wanted = ["email", "sms"].filter((channel) =>
      channel === "email" ? choice.startsWith("email") : choice.endsWith("sms"));
    const notified = (box.dataset.notified || "").split(" ").filter(Boolean);
    const missing = wanted.filter((channel) => !notified.includes(channel));
    let text = "";
    if (clientId && box.dataset.known === clientId && missing.length) {
      if (missing.length === wanted.length) text = box.dataset.textAll;
      else text = missing[0] === "sms" ? box.dataset.textSms : box.dataset.textEmail;
    }
    box.textContent = text;
    box.classList.toggle("d-none", !text);
  };
  const notifyDefault = (form, option) => {
    const box = form && form.querySelector("[data-notify-warning]");
    if (!box) return;
    box.dataset.known = option.dataset.clientOption;
    box.dataset.notified = option.dataset.notified || "";
    const choice = option.dataset.notifyDefault || box.dataset.notifyInitial;
    const radio = choice && form.querySelector(`input[name=notify_choice][value="${choice}"]`);
    if (radio) radio.checked = true;
    notifyWarning(form);
  };
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-notify-warning]").forEach((box) => notifyWarning(box.closest("form")));
  });
  document.addEventListener("change", (event) => {
    if (event.target.matches("input[name=notify_choice]")) notifyWarning(event.target.form);
  });
  const pick = (picker, option) => {
    picker.querySelector("[data-client-id]").value = option.dataset.clientOption;
    picker.querySelector("[data-client-query]").value = option.dataset.label;
    picker.querySelector(".client-options").innerHTML = "";
    const form = picker.closest("form");
    notifyDefault(form, option);
    const next = form && form.querySelector("#id_sender:not([disabled]), #id_recipient");
    if (next && picker.closest("[data-testid=register-form], [data-testid=item-form]")) next.focus();
  };
  document.addEventListener("click", (event) => {
    const option = event.target.closest("[data-client-option]");
    if (option) pick(option.closest("[data-client-picker]"), option);
  });
  document.addEventListener("input", (event) => {
    if (event.target.matches("[data-client-query]")) {
      // Typing again forgets the client picked before.
      event.target.closest("[data-client-picker]").querySelector("[data-client-id]").value = "";
      notifyWarning(event.target.form);
    }
  });
  document.addEventListener("keydown", (event) => {
    const picker = event.target.closest("[data-client-picker]");
    if (!picker) return;
    const options = [...picker.querySelectorAll("[data-client-option]")];
    if (!options.length) return;
    const index = options.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      options[Math.min(index + 1, options.length - 1)].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (index <= 0 ? picker.querySelector("[data-client-query]") : options[index - 1]).focus();
    } else if (event.key === "Enter") {
      event.preventDefault();
      pick(picker, index >= 0 ? options[index] : options[0]);
    } else if (event.key === "Escape") {
      picker.querySelector(".client-options").innerHTML = "";
    }
  });
  document.addEventListener("change", (event) => {
    if (event.target.matches("[data-select-all]")) {
      const table = event.target.closest("table");
      table.querySelectorAll("input[name=items]").forEach((box) => {
        box.checked = event.target.checked;
      });
    }
  });
})();
