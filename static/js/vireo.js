// Small behaviours shared by every page. Bootstrap and HTMX are loaded before this file.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const box = document.createElement("div");
  box.className = "alert alert-danger position-fixed bottom-0 end-0 m-3 shadow";
  box.setAttribute("role", "alert");
  box.textContent = document.body.dataset.errorText || `Error ${status}`;
  document.body.appendChild(box);
  setTimeout(() => box.remove(), 6000);
});

// A form marked data-autosubmit (the cross-host sign-in page) is sent as soon as the page is
// read: the action needs a POST (a GET from a mail scanner must not act), the person no click.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-autosubmit]").forEach((form) => form.submit());
});

// Behaviours the templates ask for by data attributes: the Content Security Policy allows
// scripts from our own files only, so no template carries inline handlers.
// <form data-confirm="..."> / <button data-confirm="...">: ask before sending.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  const question = (button && button.dataset.confirm) || form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
// A POST form is sent once: a second submit while the first is on its way (a double click,
// a second press while the page loads) is dropped, so two clicks never make two messages,
// two payments or two reminders to a client. Whether the first one went is known only once
// every listener has had its say (a dialog's own check may stop it: handover.js), so the
// form is marked after the event. The mark lifts after a few seconds, for an answer that
// is a download (the page stays), and when the page comes back from the browser's history.
// HTMX forms, forms opening another tab and forms marked data-resubmit are left alone.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (
    form.method.toLowerCase() !== "post" || form.target === "_blank" ||
    form.hasAttribute("hx-post") || form.hasAttribute("data-resubmit")
  ) return;
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  setTimeout(() => {
    if (event.defaultPrevented) return;
    form.dataset.sending = "1";
    setTimeout(() => delete form.dataset.sending, 5000);
  }, 0);
});
window.addEventListener("pageshow", (event) => {
  if (event.persisted) document.querySelectorAll("form[data-sending]").forEach((form) => {
    delete form.dataset.sending;
  });
});
// <select data-submit-on-change>: send its form when the choice changes.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-submit-on-change]")) event.target.form.submit();
});
document.addEventListener("click", (event) => {
  // <button data-print-frame="id">: print the frame with that id.
  const print = event.target.closest("[data-print-frame]");
  if (print) document.getElementById(print.dataset.printFrame).contentWindow.print();
  // <button data-focus="id">: move the focus to that field.
  const focus = event.target.closest("[data-focus]");
  if (focus) document.getElementById(focus.dataset.focus).focus();
});
// A tab row that scrolls sideways on a phone (.nav-tabs-scroll) shows its open tab.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".nav-tabs-scroll .nav-link.active").forEach((tab) => {
    const row = tab.closest(".nav-tabs-scroll");
    row.scrollLeft = tab.offsetLeft - (row.clientWidth - tab.offsetWidth) / 2;
  });
});
// <a data-tab-link> in a tab list: the tab loaded by HTMX becomes the active one.
document.addEventListener("htmx:afterRequest", (event) => {
  const link = event.detail.elt;
  if (!link.matches || !link.matches("[data-tab-link]")) return;
  link.closest(".nav").querySelectorAll(".nav-link").forEach((a) => {
    a.classList.toggle("active", a === link);
  });
});
// [data-picker]: a type-ahead picker (modules/clients/fields.py). Typing asks the server for
// matches (HTMX fills [data-picker-options]); a click, or the arrows and Enter, puts the
// match's id into the hidden [data-picker-value] and its label into the text box; typing
// again forgets the choice; Escape closes the list. Enter in the list never sends the form.
// A choice raises "picker:chosen" on the [data-picker] (detail.option: the chosen element)
// for what a screen does next (the mail registration: its notification warning).
(() => {
  const close = (picker) => {
    picker.querySelector("[data-picker-options]").innerHTML = "";
    picker.querySelector("[data-picker-query]").setAttribute("aria-expanded", "false");
  };
  // The text box says whether its list is open (role="combobox" needs aria-expanded).
  document.addEventListener("htmx:afterSwap", (event) => {
    const list = event.target.closest && event.target.closest("[data-picker-options]");
    if (!list) return;
    const query = list.closest("[data-picker]").querySelector("[data-picker-query]");
    query.setAttribute("aria-expanded", list.children.length ? "true" : "false");
  });
  const pick = (picker, option) => {
    picker.querySelector("[data-picker-value]").value = option.dataset.pickerOption;
    const query = picker.querySelector("[data-picker-query]");
    query.value = option.dataset.label;
    query.setCustomValidity("");
    close(picker);
    query.focus();
    query.dispatchEvent(new Event("change", { bubbles: true }));
    picker.dispatchEvent(new CustomEvent("picker:chosen", { bubbles: true, detail: { option } }));
  };
  document.addEventListener("click", (event) => {
    const option = event.target.closest("[data-picker-option]");
    if (option) {
      pick(option.closest("[data-picker]"), option);
      return;
    }
    document.querySelectorAll("[data-picker]").forEach((picker) => {
      if (!picker.contains(event.target)) close(picker);
    });
  });
  document.addEventListener("input", (event) => {
    if (event.target.matches("[data-picker-query]")) {
      event.target.closest("[data-picker]").querySelector("[data-picker-value]").value = "";
    }
  });
  document.addEventListener("keydown", (event) => {
    const picker = event.target.closest && event.target.closest("[data-picker]");
    if (!picker) return;
    const options = [...picker.querySelectorAll("[data-picker-option]")];
    if (event.key === "Escape") {
      close(picker);
      return;
    }
    if (!options.length) return;
    const index = options.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      options[Math.min(index + 1, options.length - 1)].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (index <= 0 ? picker.querySelector("[data-picker-query]") : options[index - 1]).focus();
    } else if (event.key === "Enter") {
      event.preventDefault();
      pick(picker, index >= 0 ? options[index] : options[0]);
    }
  });
})();

// The browser's own validation bubbles ("Please fill out this field.") speak the browser's
// language: they get the page's words instead (<body data-validation>, Django's form
// messages: common/templatetags/form_tags.py). A changed field is judged afresh.
(() => {
  const words = JSON.parse(document.body.dataset.validation || "{}");
  // The form for a number: Django's plural forms of 1, 2 and 5 ({"1": ..., "2": ...,
  // "5": ...}) name the language's forms by its plural rules (Intl.PluralRules).
  const plural = (forms, count) => {
    const rules = new Intl.PluralRules(document.documentElement.lang || "en");
    const byRule = {};
    for (const n of [5, 2, 1]) byRule[rules.select(n)] = forms[n];
    return byRule[rules.select(count)] || forms[5];
  };
  const message = (field) => {
    const state = field.validity;
    if (state.valueMissing) return words.valueMissing;
    if (state.typeMismatch || state.badInput) return words[field.type];
    if (state.patternMismatch) return words.patternMismatch;
    const length = state.tooShort ? words.tooShort : state.tooLong ? words.tooLong : null;
    if (length) {
      const limit = state.tooShort ? field.minLength : field.maxLength;
      return plural(length, limit)
        .replace("%(limit_value)d", limit)
        .replace("%(show_value)d", field.value.length);
    }
    if (field.type === "number" && state.stepMismatch) {
      const step = field.step || "1";
      if (step === "1") return words.wholeNumber;
      // A step of 0.01 (a decimal field's): at most two decimal places.
      const places = /^0\.(0*)1$/.exec(step);
      if (places && words.decimalPlaces) {
        const count = places[1].length + 1;
        return plural(words.decimalPlaces, count).replace("%(max)s", count);
      }
    }
    // A number's limits read as typed; a date's would show as yyyy-mm-dd: the browser's.
    if (field.type === "number" && state.rangeUnderflow) {
      return words.rangeUnderflow.replace("%(limit_value)s", field.min);
    }
    if (field.type === "number" && state.rangeOverflow) {
      return words.rangeOverflow.replace("%(limit_value)s", field.max);
    }
    return "";
  };
  document.addEventListener(
    "invalid",
    (event) => {
      const field = event.target;
      field.setCustomValidity("");
      if (!field.validity.valid) field.setCustomValidity(message(field) || "");
    },
    true,
  );
  const judgeAfresh = (event) => {
    if (event.target.setCustomValidity) event.target.setCustomValidity("");
  };
  document.addEventListener("input", judgeAfresh, true);
  document.addEventListener("change", judgeAfresh, true);
})();
