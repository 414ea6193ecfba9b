// A row copied from Excel is tab-separated: pasted into one year's box of a trajectory, it fills
// that year and the years after it in the same row. Values that do not fit are reported, not lost.
(function () {
  "use strict";

  document.addEventListener("paste", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.closest("[data-paste-row]")) return;
    var text = (event.clipboardData || window.clipboardData).getData("text");
    var line = text.replace(/\r?\n$/, "").split(/\r?\n/)[0];
    var values = line.split("\t");
    if (values.length < 2) return; // one value: the browser pastes it as usual
    event.preventDefault();
    var row = Array.prototype.slice.call(input.closest("tr").querySelectorAll("input"));
    var start = row.indexOf(input);
    var filled = 0;
    for (var i = 0; i < values.length && start + i < row.length; i++) {
      row[start + i].value = values[i].trim();
      filled++;
    }
    var note = input.closest("form").querySelector("[data-paste-note]");
    if (note) {
      var left = values.length - filled;
      note.textContent =
        "Pasted " + filled + " value" + (filled === 1 ? "" : "s") + " from " + input.getAttribute("aria-label") +
        (left ? "; " + left + " did not fit in the row and were left out." : ".") + " Save to keep them.";
    }
  });
})();
