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
  // Custom fields (T8): only those of the chosen category are shown.
  var category = document.querySelector("[data-testid=request-form] select[name=category]");
  if (category) {
    var toggle = function () {
      document.querySelectorAll("[data-testid=request-form] [data-category]").forEach(function (el) {
        var wrapper = el.closest(".mb-3") || el.parentNode;
        wrapper.hidden = el.dataset.category !== category.value;
      });
    };
    category.addEventListener("change", toggle);
    toggle();
  }
  // @mentions (staff only): the word being typed after "@" is looked up among the office's
  // staff; choosing a person writes their handle.
  var mentionForm = document.querySelector("[data-mention-url]");
  var mentionBox = mentionForm && mentionForm.querySelector("textarea[name=body]");
  if (mentionBox) {
    var list = document.createElement("div");
    list.className = "list-group position-absolute shadow-sm";
    list.style.zIndex = 1050;
    list.dataset.testid = "mention-list";
    mentionBox.parentNode.style.position = "relative";
    mentionBox.parentNode.appendChild(list);
    var word = function () {
      var before = mentionBox.value.slice(0, mentionBox.selectionStart);
      var found = /(^|\s)@([\w.+-]*)$/.exec(before);
      return found ? found[2] : null;
    };
    mentionBox.addEventListener("input", function () {
      var typed = word();
      list.replaceChildren();
      if (typed === null) return;
      fetch(mentionForm.dataset.mentionUrl + "?q=" + encodeURIComponent(typed), {
        credentials: "same-origin",
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          list.replaceChildren();
          data.people.forEach(function (person) {
            var item = document.createElement("button");
            item.type = "button";
            item.className = "list-group-item list-group-item-action small";
            item.textContent = person.name + " (@" + person.handle + ")";
            item.addEventListener("click", function () {
              var caret = mentionBox.selectionStart;
              var start = caret - (word() || "").length;
              mentionBox.value =
                mentionBox.value.slice(0, start) + person.handle + " " + mentionBox.value.slice(caret);
              list.replaceChildren();
              mentionBox.focus();
            });
            list.appendChild(item);
          });
        });
    });
  }
  // Work log (T9): the operator's running timer ticks. The server keeps the start (the row)
  // and renders the time so far; here it moves on each second, measured against the
  // server's clock when the box was rendered (a skewed browser clock does not matter).
  // The box arrives by htmx, so each tick looks for it again.
  function timerTick() {
    document.querySelectorAll("[data-timer-since]").forEach(function (el) {
      if (el.dataset.skew === undefined) {
        el.dataset.skew = String(Number(el.dataset.timerNow) * 1000 - Date.now());
      }
      var now = Date.now() + Number(el.dataset.skew);
      var seconds = Math.max(0, Math.floor((now - Number(el.dataset.timerSince) * 1000) / 1000));
      var h = Math.floor(seconds / 3600);
      var m = Math.floor((seconds % 3600) / 60);
      var s = seconds % 60;
      el.textContent = h + ":" + (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    });
  }
  window.setInterval(timerTick, 1000);
})();
