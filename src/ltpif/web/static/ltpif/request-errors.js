// No silent failure: when an htmx request fails and its answer is not drawn on the page (a 400
// or 409 is: the server sends the form back with its errors at the fields, see the htmx-config
// in base.html), say so where the planner is looking, in plain English.
(function () {
  "use strict";

  var GENERIC = {
    401: "You have been signed out, so nothing was saved. Sign in again, then make your change again.",
    403: "You cannot do that, so nothing was saved. Reload the page: you may have been signed out, or the plan may have moved on.",
    404: "That page no longer exists, so nothing was saved. Reload the page.",
    500: "Something went wrong on our side, so nothing was saved. Try again; if it keeps happening, tell the people who run the service.",
    503: "The service is unavailable just now, so nothing was saved. Try again in a minute."
  };
  var UNREACHABLE =
    "The service could not be reached, so nothing was saved. Check your connection, then try again: your changes are still in the form.";

  function fromResponse(xhr) {
    // The server's own words: error.html's message, a JSON "detail", or a short plain text.
    var type = (xhr.getResponseHeader("Content-Type") || "").toLowerCase();
    var text = xhr.responseText || "";
    try {
      if (type.indexOf("text/html") !== -1) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var said = doc.querySelector("[data-testid=error-message]");
        if (said && said.textContent.trim()) return said.textContent.trim();
      } else if (type.indexOf("application/json") !== -1) {
        var detail = JSON.parse(text).detail;
        if (typeof detail === "string" && detail) return detail;
      } else if (type.indexOf("text/plain") !== -1 && text.trim() && text.length < 500) {
        return text.trim();
      }
    } catch (ignored) {
      // an answer that cannot be read: fall back to the words for its status
    }
    var status = xhr.status;
    return GENERIC[status] || GENERIC[status >= 500 ? 500 : 403];
  }

  function placeFor(elt) {
    // Where the message goes: the top of the form that sent the request, else just before it.
    var form = elt.closest("form");
    return form || elt;
  }

  function clear(place) {
    var old = place.querySelector(":scope > .ltpif-request-error");
    if (!old && place.previousElementSibling && place.previousElementSibling.classList.contains("ltpif-request-error")) {
      old = place.previousElementSibling;
    }
    if (old) old.remove();
  }

  function show(elt, message) {
    var place = placeFor(elt);
    clear(place);
    var box = document.createElement("div");
    box.className = "nhsuk-error-summary ltpif-request-error";
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "-1");
    box.setAttribute("data-testid", "request-error");
    var title = document.createElement("h2");
    title.className = "nhsuk-error-summary__title";
    title.textContent = "Not saved";
    var body = document.createElement("div");
    body.className = "nhsuk-error-summary__body";
    var p = document.createElement("p");
    p.textContent = message;
    body.appendChild(p);
    box.appendChild(title);
    box.appendChild(body);
    if (place.tagName === "FORM") {
      place.insertBefore(box, place.firstChild);
    } else {
      place.parentNode.insertBefore(box, place);
    }
    box.focus();
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    // A form sent back with its errors: take the planner to them, as a page load would.
    var target = event.detail.target;
    var root = (target && target.id && document.getElementById(target.id)) || target;
    var summary = root && root.querySelector && root.querySelector("#conflict, .nhsuk-error-summary");
    if (summary && event.detail.xhr && event.detail.xhr.status >= 400) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    clear(placeFor(event.detail.elt));
  });
  document.addEventListener("htmx:responseError", function (event) {
    show(event.detail.elt, fromResponse(event.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function (event) {
    show(event.detail.elt, UNREACHABLE);
  });
  document.addEventListener("htmx:timeout", function (event) {
    show(event.detail.elt, UNREACHABLE);
  });
})();
