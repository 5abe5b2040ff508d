// dlsolve completion bash|zsh|fish: scripts made from the registry. Bash's is run here; zsh and fish are not
// on this machine, so their scripts are checked by their shape (and by `zsh -n` / `fish -n` where present).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { problems } from "../../src/problems/index.js";
import { cli } from "../helpers.js";

const has = (shell: string) => spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "dlsolve-completion-"));

async function script(shell: string): Promise<string> {
  const r = await cli(["completion", shell]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** What bash offers for the words typed so far (the last one being completed). */
function bashOffers(file: string, words: string[]): string[] {
  const r = spawnSync(
    "bash",
    [
      "-c",
      `source "${file}"; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _dlsolve; printf '%s\\n' "\${COMPREPLY[@]}"`,
      "bash",
      ...words,
    ],
    { encoding: "utf8" },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split("\n").filter(Boolean);
}

describe("dlsolve completion", () => {
  it("bash: commands, a problem's options, a choice's values and --expect's answer fields", async () => {
    const file = join(dir, "dlsolve.bash");
    writeFileSync(file, await script("bash"));
    expect(spawnSync("bash", ["-n", file]).status).toBe(0);
    expect(bashOffers(file, ["dlsolve", ""]).sort()).toEqual(
      [...problems.map((p) => p.name), "solve", "practice", "help", "completion"].sort(),
    );
    expect(bashOffers(file, ["dlsolve", "sig"])).toEqual(["sigmoid-grad"]);
    expect(bashOffers(file, ["dlsolve", "batchnorm", "--var"])).toEqual(["--variance"]);
    expect(bashOffers(file, ["dlsolve", "batchnorm", "--variance", ""])).toEqual(["biased", "unbiased"]);
    expect(bashOffers(file, ["dlsolve", "batchnorm", "--expect", `'{"me`])).toEqual([`'{"mean": `]);
    expect(bashOffers(file, ["dlsolve", "ridge", "--format", "j"])).toEqual(["json"]);
  });

  it("zsh: the bash function through zsh's bash completion layer", async () => {
    const text = await script("zsh");
    expect(text).toContain("autoload -U +X bashcompinit && bashcompinit");
    expect(text).toContain("complete -o default -F _dlsolve dlsolve");
    if (has("zsh")) expect(spawnSync("zsh", ["-n", "-c", text]).status).toBe(0);
    else console.log("zsh is not installed here: its script is checked by its shape only");
  });

  it("fish: a complete line per command and option", async () => {
    const text = await script("fish");
    const lines = text.trim().split("\n");
    expect(lines.every((l) => l.startsWith("#") || l.startsWith("complete -c dlsolve "))).toBe(true);
    for (const p of problems) expect(text).toContain(`-a ${p.name} `);
    expect(text).toContain("-n '__fish_seen_subcommand_from batchnorm' -l variance -r -a 'biased unbiased'");
    if (has("fish")) expect(spawnSync("fish", ["-n", "-c", text]).status).toBe(0);
    else console.log("fish is not installed here: its script is checked by its shape only");
  });

  it("refuses another shell by name", async () => {
    const r = await cli(["completion", "tcsh"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('completion: "tcsh" is not one of bash, zsh, fish');
  });
});
