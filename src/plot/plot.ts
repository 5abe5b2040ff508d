// The terminal charts' one entry, imported only when --plot is given (the
// build splits it into its own chunk, so startup does not load it). The SVG
// charts are svg.ts, a chunk of their own: a terminal chart never loads the
// charting library.
export { chartsText } from "./text.js";
