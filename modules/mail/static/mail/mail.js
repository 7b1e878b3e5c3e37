// Mail screens: what the registration does when a client is picked (static/js/vireo.js's
// [data-picker] does the picking: type, arrows, Enter), select-all in the archive, and the
// sender/recipient fields following the direction.
(() => {
  // Registration: "this client will not be notified" as soon as the client is picked or the
  // notification choice changes (the picked option carries the channels somebody receives
  // the client's notifications on, and the client's own default choice).
  const notifyWarning = (form) => {
    const box = form && form.querySelector("[data-notify-warning]");
    if (!box) return;
    const clientId = form.querySelector("[data-picker-value]").value;
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
    box.dataset.known = option.dataset.pickerOption;
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
  document.addEventListener("picker:chosen", (event) => {
    const picker = event.target;
    const form = picker.closest("form");
    notifyDefault(form, event.detail.option);
    const next = form && form.querySelector("#id_sender:not(.d-none *), #id_recipient");
    if (next && picker.closest("[data-testid=register-form], [data-testid=item-form]")) next.focus();
  });
  document.addEventListener("input", (event) => {
    // vireo.js has forgotten the client picked before (its listener runs first).
    if (event.target.matches("[data-picker-query]")) notifyWarning(event.target.form);
  });
  // Sender only for incoming mail (outgoing mail is the client's own, sent to its recipient):
  // a box marked data-when-direction="in" is hidden while "Outgoing" is chosen. Its field is
  // still sent as it is (an older outgoing item's sender is kept, not emptied by an edit).
  const followDirection = (form) => {
    const checked = form && form.querySelector("input[name=direction]:checked");
    if (!checked) return;
    form.querySelectorAll("[data-when-direction]").forEach((box) => {
      const shown = box.dataset.whenDirection === checked.value;
      box.classList.toggle("d-none", !shown);
    });
  };
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-when-direction]").forEach((box) => followDirection(box.closest("form")));
  });
  document.addEventListener("change", (event) => {
    if (event.target.matches("input[name=direction]")) followDirection(event.target.form);
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
