// The dispatcher's board (helpdesk/workorders/board_grid.html, supervisors only): an order
// dragged to another cell is moved there by POST (views/workorders.board_move_view), which
// answers with the board as it now is (or with the refusal above it). The cell it was taken
// from and the one it lands in say the operator and the day; the order's page remains the
// way to do the same without a mouse.
(() => {
  let dragged = null;
  const unmark = () => {
    document.querySelectorAll("[data-board-cell].table-info").forEach((cell) => {
      cell.classList.remove("table-info");
    });
  };
  document.addEventListener("dragstart", (event) => {
    const item = event.target.closest && event.target.closest("[data-board-order]");
    if (!item) return;
    const from = item.closest("[data-board-cell]");
    dragged = {
      url: item.dataset.moveUrl,
      version: item.dataset.version,
      from_user: from ? from.dataset.operator : "",
      from_day: from ? from.dataset.day : "",
    };
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.boardOrder);
  });
  document.addEventListener("dragover", (event) => {
    const cell = dragged && event.target.closest && event.target.closest("[data-board-cell]");
    if (!cell) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!cell.classList.contains("table-info")) {
      unmark();
      cell.classList.add("table-info");
    }
  });
  document.addEventListener("drop", (event) => {
    const cell = dragged && event.target.closest && event.target.closest("[data-board-cell]");
    if (!cell) return;
    event.preventDefault();
    unmark();
    const grid = cell.closest("[data-board]");
    const move = dragged;
    dragged = null;
    if (move.from_user === cell.dataset.operator && move.from_day === cell.dataset.day) return;
    htmx.ajax("POST", move.url, {
      source: grid,
      target: grid,
      swap: "outerHTML",
      values: {
        from_user: move.from_user,
        from_day: move.from_day,
        to_user: cell.dataset.operator,
        to_day: cell.dataset.day,
        version: move.version,
        start: grid.dataset.start,
      },
    });
  });
  document.addEventListener("dragend", () => {
    dragged = null;
    unmark();
  });
})();
