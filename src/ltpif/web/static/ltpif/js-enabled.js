// Run at the top of <body>, before it is drawn: the NHS design system styles its scripted
// components only on pages that say scripts run (an inline script would break the CSP).
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("nhsuk-frontend-supported");
}
