// The dispatcher's board (helpdesk/workorders/board_grid.html, supervisors only): an order
// dragged to another cell is moved there by POST (views/workorders.board_move_view), which
// answers with the board as it now is (or with the refusal above it). The cell it was taken
// from and the one it lands in say the operator and the day.
//
// Without a mouse: on a focused order, Space picks it up, the arrow keys walk to another
// cell (left and right: the day; up and down: the operator), Enter puts it there, Escape
// puts it back. A live region says where it is. The order's page still does the same.
//
// On a touch screen (no drag and drop there): holding an order picks it up, a tap on a cell
// puts it there, a tap anywhere else (or on its own cell) puts it back. A short tap still
// opens the order.
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
  // Touch: pointer events of type "touch" only, so the mouse keeps drag and drop.
  const HOLD_MS = 450;
  let touch = null; // {item, x, y, timer} while a finger rests on an order
  let carried = null; // {item, move, from} once the hold picked it up
  const drop = () => {
    if (!carried) return;
    carried.item.removeAttribute("aria-grabbed");
    carried.item.classList.remove("opacity-50");
    unmark();
    carried = null;
  };
  document.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "touch" || carried) return;
    const item = event.target.closest && event.target.closest("[data-board-order]");
    if (!item) return;
    const grid = item.closest("[data-board]");
    touch = { item, x: event.clientX, y: event.clientY };
    touch.timer = setTimeout(() => {
      const from = item.closest("[data-board-cell]");
      carried = { item, move: moveOf(item), from };
      touch = null;
      item.setAttribute("aria-grabbed", "true");
      item.classList.add("opacity-50");
      if (from) from.classList.add("table-info");
      say(grid, grid.dataset.touchPickedUp || "");
    }, HOLD_MS);
  });
  const cancelHold = (event) => {
    if (!touch) return;
    const moved = Math.abs(event.clientX - touch.x) + Math.abs(event.clientY - touch.y);
    if (event.type === "pointermove" && moved < 10) return;
    clearTimeout(touch.timer);
    touch = null;
  };
  document.addEventListener("pointermove", cancelHold);
  document.addEventListener("pointerup", cancelHold);
  document.addEventListener("pointercancel", cancelHold);
  document.addEventListener("contextmenu", (event) => {
    // A long press opens the browser's link menu: not while it picks up an order.
    if (carried || (touch && event.target.closest("[data-board-order]"))) event.preventDefault();
  });
  document.addEventListener(
    "click",
    (event) => {
      if (!carried) return;
      event.preventDefault(); // the tap that ends a hold, or the next one: never a link
      event.stopPropagation();
      if (event.target.closest("[data-board-order]") === carried.item && !carried.placed) {
        carried.placed = true; // the finger lifting at the end of the hold
        return;
      }
      const cell = event.target.closest("[data-board-cell]");
      const { move, item } = carried;
      const grid = item.closest("[data-board]");
      drop();
      const same = cell && move.from_user === cell.dataset.operator && move.from_day === cell.dataset.day;
      if (cell && !same && cell.closest("[data-board]") === grid) post(move, cell);
      else say(grid, grid.dataset.putBack);
    },
    true,
  );
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
