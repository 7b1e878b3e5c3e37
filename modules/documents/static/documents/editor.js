// The document template editor: Quill 2 over the form's text area (which stays the field
// that is posted, kept in step with the editor), and the variable list beside it that
// inserts {{ name }} at the cursor. Without script the text area is edited as HTML.
(function () {
  "use strict";
  var area = document.querySelector("textarea[data-document-editor]");
  if (!area || typeof Quill === "undefined") return;
  var holder = document.createElement("div");
  holder.className = "bg-white";
  holder.setAttribute("data-testid", "document-editor");
  holder.style.minHeight = "24rem";
  area.parentNode.insertBefore(holder, area);
  area.hidden = true;
  var quill = new Quill(holder, {
    theme: "snow",
    modules: {
      toolbar: [
        [{ header: [1, 2, 3, false] }],
        ["bold", "italic", "underline", "strike"],
        [{ list: "ordered" }, { list: "bullet" }, { indent: "-1" }, { indent: "+1" }],
        [{ align: [] }],
        ["clean"],
      ],
    },
  });
  quill.setContents(quill.clipboard.convert({ html: area.value }), "silent");
  function sync() {
    area.value = quill.root.innerHTML;
  }
  sync();
  quill.on("text-change", sync);
  document.querySelectorAll("[data-insert-variable]").forEach(function (button) {
    // Keep the cursor in the editor: the button must not take the focus.
    button.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    button.addEventListener("click", function () {
      var text = "{{ " + button.getAttribute("data-insert-variable") + " }}";
      var range = quill.getSelection(true); // the last cursor position, focused again
      quill.insertText(range.index, text, "user");
      quill.setSelection(range.index + text.length, 0, "user");
    });
  });
})();
