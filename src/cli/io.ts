// What the command needs of its process: two streams and three facts about
// the environment. main.ts builds it from the process; tests build their own.
export interface Io {
  /** Write to stdout; a promise when the writer applies back-pressure. */
  out(text: string): void | Promise<void>;
  err(text: string): void;
  /** The exit code as far as the run has got, told before output that a closed pipe may cut short. */
  status?(code: number): void;
  /** stdout is a terminal */
  isTTY: boolean;
  /** standard input is a terminal (solve then says it is waiting for JSON) */
  stdinIsTTY?: boolean;
  /** Standard input, where it is not the process's own (a test runs the command in-process with its own input). */
  stdin?: NodeJS.ReadableStream;
  /** Columns of the terminal (or COLUMNS); text output fits them, 80 when unknown */
  columns?: number | undefined;
  /** NO_COLOR is set to something non-empty */
  noColorEnv: boolean;
  /** DEBUG is set: internal errors print their stack */
  debug: boolean;
}
