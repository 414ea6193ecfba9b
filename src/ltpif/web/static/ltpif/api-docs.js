// The API docs: Swagger UI draws its controls as operations open, some of them without a name
// or keyboard access; give them those as they appear.
(function () {
  "use strict";

  function mend(root) {
    root.querySelectorAll(".copy-to-clipboard > button:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Copy to clipboard");
    });
    root.querySelectorAll("pre.microlight:not([tabindex]), .highlight-code > pre:not([tabindex])").forEach(function (block) {
      block.setAttribute("tabindex", "0"); // a code block that scrolls, so a keyboard can scroll it
    });
  }

  new MutationObserver(function () {
    mend(document);
  }).observe(document.body, { childList: true, subtree: true });
  mend(document);
})();
