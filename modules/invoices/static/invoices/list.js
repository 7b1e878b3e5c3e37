// The register: "Select every draft on this page" ticks (or clears) every draft's box, and
// follows them: ticked when every draft is, cleared when one is not.
(() => {
  const boxes = (all) => all.form.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`);
  document.addEventListener("change", (event) => {
    const all = document.querySelector("[data-check-all]");
    if (!all) return;
    if (event.target === all) {
      boxes(all).forEach((box) => {
        box.checked = all.checked;
      });
    } else if (event.target.name === all.dataset.checkAll) {
      all.checked = [...boxes(all)].every((box) => box.checked);
    }
  });
})();
