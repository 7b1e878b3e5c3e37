// Helpdesk screens: keyboard shortcuts on the queue (n new request, m mine, u unassigned,
// w waiting for me, o overdue, a select all) and canned replies on the request page.
(function () {
  "use strict";
  function typing(event) {
    var el = event.target;
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    var target = document.querySelector("[data-shortcut='" + event.key + "']");
    if (!target) return;
    event.preventDefault();
    if (target.type === "checkbox") {
      target.click();
    } else {
      target.click();
    }
  });
  var all = document.querySelector("[data-testid=select-all]");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("input[name=ids]").forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }
  var canned = document.querySelector("[data-testid=canned-reply]");
  if (canned) {
    canned.addEventListener("change", function () {
      var option = canned.options[canned.selectedIndex];
      var body = document.querySelector("[data-testid=reply-form] textarea[name=body]");
      if (body && option && option.dataset.body) {
        body.value = (body.value ? body.value + "\n\n" : "") + option.dataset.body;
        body.focus();
      }
      canned.selectedIndex = 0;
    });
  }
})();
