// The plotting code's one entry, imported only when --plot is given (the
// build splits it into its own chunk, so startup does not load it).
export { chartsSvg } from "./svg.js";
export { chartsText } from "./text.js";
