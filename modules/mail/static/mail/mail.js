// Mail screens: client picker (keyboard: type, arrows, Enter), select-all in the archive,
// and the sender/recipient fields following the direction.
(() => {
  const pick = (picker, option) => {
    picker.querySelector("[data-client-id]").value = option.dataset.clientOption;
    picker.querySelector("[data-client-query]").value = option.dataset.label;
    picker.querySelector(".client-options").innerHTML = "";
    const form = picker.closest("form");
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
