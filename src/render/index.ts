// The one place that picks a renderer for a format. Every caller (a single
// problem, each record of `solve`) renders through here.
import type { CheckResult } from "../check.js";
import type { Solution } from "../solution/solution.js";
import { type Json, renderJson } from "./json.js";
import { renderLatex } from "./latex.js";
import { renderMarkdown } from "./markdown.js";
import type { Format, RenderOptions } from "./options.js";
import { renderText } from "./text.js";

export type { Format, RenderOptions } from "./options.js";

export interface RenderRequest {
  format: Format;
  options: RenderOptions;
  check?: CheckResult | undefined;
  /** JSON only: fields added to the object (`position`, `id` of a `solve` record). */
  extra?: Record<string, Json>;
  /** LaTeX only: a whole document. */
  standalone?: boolean;
  /** LaTeX only: one section of a larger document (solve --standalone): its headings one level down. */
  nested?: boolean;
}

/** The rendered solution, in parts to write one after another (JSON keeps big arrays apart). */
export function render(sol: Solution, r: RenderRequest): string[] {
  switch (r.format) {
    case "json":
      return renderJson(sol, r.options, r.check, r.extra);
    case "text":
      return [renderText(sol, r.options, r.check)];
    case "markdown":
      return [renderMarkdown(sol, r.options, r.check)];
    case "latex":
      return [renderLatex(sol, r.options, r.check, r.standalone === true, r.nested === true)];
  }
}
