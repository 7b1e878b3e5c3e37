// The dispatcher's board (helpdesk/workorders/board_grid.html, supervisors only): an order
// dragged to another cell is moved there by POST (views/workorders.board_move_view), which
// answers with the board as it now is (or with the refusal above it). The cell it was taken
// from and the one it lands in say the operator and the day.
//
// Without a mouse: on a focused order, Space picks it up, the arrow keys walk to another
// cell (left and right: the day; up and down: the operator), Enter puts it there, Escape
// puts it back. A live region says where it is. The order's page still does the same.
(() => {
  let dragged = null;
  let held = null; // {order, from, at} while the keyboard carries an order
  const post = (move, cell) => {
    const grid = cell.closest("[data-board]");
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
  };
  const moveOf = (item) => {
    const from = item.closest("[data-board-cell]");
    return {
      url: item.dataset.moveUrl,
      version: item.dataset.version,
      from_user: from ? from.dataset.operator : "",
      from_day: from ? from.dataset.day : "",
    };
  };
  const say = (grid, text) => {
    const live = grid.querySelector("[data-board-live]");
    if (live) live.textContent = text;
  };
  const where = (cell) => {
    const table = cell.closest("table");
    const row = cell.closest("tr").querySelector("th").textContent.trim();
    const day = table.querySelectorAll("thead th")[cell.cellIndex].textContent.trim();
    return `${row}, ${day}`;
  };
  const release = () => {
    if (!held) return;
    held.at.classList.remove("table-info");
    held.order.removeAttribute("aria-grabbed");
    held = null;
  };
  document.addEventListener("keydown", (event) => {
    const item = event.target.closest && event.target.closest("[data-board-order]");
    if (!item) return;
    const grid = item.closest("[data-board]");
    if (!held && event.key === " ") {
      const from = item.closest("[data-board-cell]") || grid.querySelector("[data-board-cell]");
      if (!from) return;
      event.preventDefault();
      held = { order: item, at: from };
      item.setAttribute("aria-grabbed", "true");
      from.classList.add("table-info");
      say(grid, `${grid.dataset.pickedUp} ${where(from)}`);
      return;
    }
    if (!held || held.order !== item) return;
    const cell = held.at;
    const row = cell.closest("tr");
    const rows = [...row.parentElement.querySelectorAll("tr")];
    let next = null;
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      const step = event.key === "ArrowLeft" ? -1 : 1;
      const candidate = row.cells[cell.cellIndex + step];
      next = candidate && candidate.matches("[data-board-cell]") ? candidate : null;
    } else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      const other = rows[rows.indexOf(row) + (event.key === "ArrowUp" ? -1 : 1)];
      next = other ? other.cells[cell.cellIndex] : null;
    } else if (event.key === "Enter") {
      event.preventDefault();
      const move = moveOf(item);
      release();
      post(move, cell);
      return;
    } else if (event.key === "Escape") {
      event.preventDefault();
      release();
      say(grid, grid.dataset.putBack);
      return;
    } else {
      return;
    }
    event.preventDefault();
    if (!next) return;
    cell.classList.remove("table-info");
    next.classList.add("table-info");
    held.at = next;
    say(grid, where(next));
  });
  document.addEventListener("focusout", (event) => {
    if (held && event.target === held.order) release();
  });
  const unmark = () => {
    document.querySelectorAll("[data-board-cell].table-info").forEach((cell) => {
      cell.classList.remove("table-info");
    });
  };
  document.addEventListener("dragstart", (event) => {
    const item = event.target.closest && event.target.closest("[data-board-order]");
    if (!item) return;
    dragged = moveOf(item);
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
    const move = dragged;
    dragged = null;
    post(move, cell);
  });
  document.addEventListener("dragend", () => {
    dragged = null;
    unmark();
  });
})();
