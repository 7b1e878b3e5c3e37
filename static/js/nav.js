// The staff sidebar (templates/layouts/app.html, common.navigation): folding it to icons
// (remembered in this browser), keyboard shortcuts ("g" then a letter; "/" searches; "["
// folds) and the count badges, read from /navigation/counts/ after the page has loaded.
(() => {
  const sidebar = document.getElementById("sidebar");
  if (!sidebar) {
    countsFill(document.querySelector('[data-testid="main-nav"]')); // the client panel's menu
    return;
  }
  const FOLDED = "vireo.sidebar.folded";
  const root = document.documentElement;

  function fold(folded) {
    root.classList.toggle("sidebar-folded", folded);
    try { localStorage.setItem(FOLDED, folded ? "1" : ""); } catch (e) { /* private mode */ }
  }
  try { if (localStorage.getItem(FOLDED)) root.classList.add("sidebar-folded"); } catch (e) { /* */ }
  document.querySelector("[data-sidebar-fold]")?.addEventListener("click", () => {
    fold(!root.classList.contains("sidebar-folded"));
  });

  // Groups remember whether they are open.
  sidebar.querySelectorAll("[data-nav-group]").forEach((group) => {
    const key = `vireo.nav.${group.dataset.navGroup}`;
    const list = group.querySelector(".collapse");
    try {
      if (localStorage.getItem(key) === "closed" && !group.querySelector(".active")) {
        list.classList.remove("show");
        group.querySelector("[data-bs-toggle]").setAttribute("aria-expanded", "false");
      }
    } catch (e) { /* */ }
    list.addEventListener("shown.bs.collapse", () => { try { localStorage.removeItem(key); } catch (e) { /* */ } });
    list.addEventListener("hidden.bs.collapse", () => { try { localStorage.setItem(key, "closed"); } catch (e) { /* */ } });
  });

  // Shortcuts: never while typing.
  const shortcuts = {};
  sidebar.querySelectorAll("a[data-shortcut]").forEach((link) => {
    shortcuts[link.dataset.shortcut] = link;
  });
  let prefix = "";
  let prefixTimer = null;
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest("input, textarea, select, [contenteditable=true]")) return;
    const key = event.key.toLowerCase();
    if (prefix) {
      const link = shortcuts[`${prefix} ${key}`];
      prefix = "";
      clearTimeout(prefixTimer);
      if (link) {
        event.preventDefault();
        window.location.assign(link.href);
      }
      return;
    }
    if (key === "g") {
      prefix = "g";
      prefixTimer = setTimeout(() => { prefix = ""; }, 1500);
    } else if (key === "/") {
      const search = document.querySelector("[data-search-input]");
      if (search && search.offsetParent !== null) {
        event.preventDefault();
        search.focus();
      }
    } else if (key === "[") {
      fold(!root.classList.contains("sidebar-folded"));
    }
  });

  countsFill(sidebar);
})();

// The count badges of a menu, from /navigation/counts/ (0 hides a badge).
function countsFill(menu) {
  const badges = menu ? menu.querySelectorAll("[data-nav-count]") : [];
  if (!badges.length) return;
  fetch("/navigation/counts/", { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : {}))
    .then((counts) => {
      badges.forEach((badge) => {
        const value = counts[badge.dataset.navCount] || 0;
        badge.textContent = value > 999 ? "999+" : String(value);
        badge.hidden = value === 0;
      });
    })
    .catch(() => {});
}
