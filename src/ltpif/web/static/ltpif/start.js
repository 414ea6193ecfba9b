// The NHS design system's components (menus, error summaries, tables), started once the
// page is read. A module: it runs only where the design system's scripts are supported.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
