// Hand-over screens: ticking clients and items, the person chooser, the print tab and the
// signing page (signature_pad: finger, stylus and mouse through pointer events).
(() => {
  // "Select all" boxes: data-check-all="<name>" ticks every checkbox of that name.
  // The box itself says how many are ticked: all (ticked), some (the dash), none.
  function boxesOf(all) {
    const form = all.closest("form") || document;
    return form.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`);
  }
  function syncAll() {
    document.querySelectorAll("[data-check-all]").forEach((all) => {
      const boxes = Array.from(boxesOf(all));
      const ticked = boxes.filter((box) => box.checked).length;
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    });
  }
  document.addEventListener("change", (event) => {
    const all = event.target.closest("[data-check-all]");
    if (all) {
      boxesOf(all).forEach((box) => {
        box.checked = all.checked;
      });
    }
    syncAll();
    updateSelected();
  });
  document.addEventListener("htmx:afterSwap", syncAll);
  syncAll();

  // H7: the "Hand over mail to selected clients" button counts the ticked clients.
  function updateSelected() {
    const button = document.querySelector("[data-handover-selected]");
    if (!button) return;
    const ticked = document.querySelectorAll("input[name=clients]:checked").length;
    button.disabled = ticked === 0;
    const count = document.querySelector("[data-selected-count]");
    if (count) count.textContent = ticked ? `(${ticked})` : "";
  }
  document.addEventListener("htmx:afterSwap", updateSelected);
  updateSelected();

  // H5: typing a name chooses "someone else".
  document.addEventListener("input", (event) => {
    if (event.target.matches("[data-person-name]")) {
      const other = document.getElementById("person-other");
      if (other && event.target.value.trim()) other.checked = true;
    }
  });

  // The print tab opens only for a complete selection: a missing item or person is said
  // here, on the panel, rather than in a new tab holding a copy of it. The same rule is the
  // server's (views.staff._unready), which still answers when scripts do not run.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-check-before]");
    if (!button) return;
    const form = button.form;
    const box = document.querySelector("[data-handover-check]");
    const person = form.querySelector("input[name=person]:checked");
    const name = form.querySelector("[data-person-name]");
    let problem = "";
    if (!form.querySelector("input[name=items]:checked")) problem = form.dataset.noItems;
    else if (!person || (person.id === "person-other" && !(name && name.value.trim()))) {
      problem = form.dataset.noPerson;
    }
    if (!box) return;
    box.hidden = !problem;
    box.textContent = problem;
    if (problem) {
      event.preventDefault();
      box.scrollIntoView({ block: "nearest" });
    }
  });

  // A dialog's confirm button with data-needs="<field id>": an empty field keeps the dialog
  // open and says what is missing by the field (a `required` attribute would block the
  // panel's other buttons, which submit the same form). The server says the same, with the
  // dialog open again (data-open-modal), when scripts do not run or the value is refused.
  function fieldError(input, message) {
    const feedback = document.getElementById(`${input.id}-error`);
    input.classList.toggle("is-invalid", Boolean(message));
    if (feedback) feedback.textContent = message;
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-needs]");
    if (!button) return;
    const input = document.getElementById(button.dataset.needs);
    if (!input || input.value.trim()) return;
    event.preventDefault();
    fieldError(input, input.dataset.missing || "");
    input.focus();
  });
  document.addEventListener("input", (event) => {
    if (event.target.classList.contains("is-invalid")) fieldError(event.target, "");
  });
  const reopen = document.querySelector("[data-open-modal]");
  if (reopen && typeof bootstrap !== "undefined") {
    const dialog = document.getElementById(reopen.dataset.openModal);
    if (dialog) bootstrap.Modal.getOrCreateInstance(dialog).show();
  }

  // The signing page.
  const canvas = document.querySelector("[data-signature-pad]");
  if (!canvas || typeof SignaturePad === "undefined") return;
  const pad = new SignaturePad(canvas, { minWidth: 1, maxWidth: 3, penColor: "#0b1f4b" });

  function resize() {
    // Draw at the device's pixel density so a tablet signature is sharp; resizing clears
    // the canvas, so the strokes are put back.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    const data = pad.toData();
    canvas.width = Math.round(canvas.offsetWidth * ratio);
    canvas.height = Math.round(canvas.offsetHeight * ratio);
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();
    pad.fromData(data);
  }
  // The canvas follows its box, not only the window: a message shown above it, the
  // actions stacking on a phone or the full-screen switch change its size too.
  let drawnWidth = 0;
  let drawnHeight = 0;
  const follow = () => {
    if (canvas.offsetWidth === drawnWidth && canvas.offsetHeight === drawnHeight) return;
    drawnWidth = canvas.offsetWidth;
    drawnHeight = canvas.offsetHeight;
    resize();
  };
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(follow).observe(canvas);
  else window.addEventListener("resize", follow);
  follow();
  canvas.dataset.ready = "true"; // strokes are recorded from here on

  document.querySelector("[data-signature-clear]")?.addEventListener("click", () => pad.clear());
  document.querySelector("[data-fullscreen]")?.addEventListener("click", () => {
    const page = document.documentElement;
    if (!document.fullscreenElement && page.requestFullscreen) page.requestFullscreen();
    else if (document.exitFullscreen) document.exitFullscreen();
  });

  const form = document.getElementById("sign-form");
  form.addEventListener("submit", (event) => {
    if (event.submitter && !event.submitter.matches("[data-signature-submit]")) return;
    const input = form.querySelector("[data-signature-input]");
    if (pad.isEmpty() && input.value) {
      // The signature kept after a refusal (the selection was corrected).
      form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
      return;
    }
    if (pad.isEmpty()) {
      event.preventDefault();
      window.alert(form.dataset.emptyText);
      return;
    }
    form.querySelector("[data-signature-input]").value = pad.toDataURL("image/png");
    form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
  });
})();
