// `dlsolve completion bash|zsh|fish`: a completion script made from the registry, so it knows every
// command, each one's options (a choice's values too) and, after --expect, the answer fields.
import { flagOf } from "../input/fields.js";
import { problems } from "../problems/index.js";
import type { Problem } from "../problems/problem.js";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

const GLOBAL = ["--format", "--json", "--precision", "--input", "--expect", "--rtol", "--atol", "--sigfigs"];
const GLOBAL_REST = ["--quiet", "--plot", "--standalone", "--no-color", "--help"];
const FORMATS = ["text", "json", "markdown", "latex"];
const TOOLS = ["solve", "practice", "help", "completion"];

const optionsOf = (p: Problem) => [
  ...Object.keys(p.fields).map((n) => flagOf(n, p.fields[n])),
  ...GLOBAL,
  ...GLOBAL_REST,
];
const quoteFish = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function bash(): string {
  const names = [...problems.map((p) => p.name), ...TOOLS].join(" ");
  const cases = problems.map((p) => {
    const choices = Object.entries(p.fields)
      .filter(([, s]) => s.choices !== undefined)
      .map(
        ([n, s]) => `        ${flagOf(n, s)}) COMPREPLY=($(compgen -W "${s.choices?.join(" ")}" -- "$cur")); return ;;`,
      );
    return [
      `    ${p.name})`,
      `      case "$prev" in`,
      ...choices,
      // the start of a JSON object, quoted for the shell: '{"mean": (compgen would strip the quotes)
      `        --expect) COMPREPLY=(); for f in ${Object.keys(p.answers).join(" ")}; do w="'{\\"$f\\": "; ` +
        `[[ "$w" == "$cur"* ]] && COMPREPLY+=("$w"); done; return ;;`,
      "      esac",
      `      opts="${optionsOf(p).join(" ")}" ;;`,
    ].join("\n");
  });
  return [
    "# dlsolve completion for bash: source it, or put it in ~/.local/share/bash-completion/completions/dlsolve",
    "_dlsolve() {",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own ${…}, not a template
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmd="${COMP_WORDS[1]}" opts',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    COMPREPLY=($(compgen -W "${names}" -- "$cur"))`,
    "    return",
    "  fi",
    `  if [ "$prev" = "--format" ]; then COMPREPLY=($(compgen -W "${FORMATS.join(" ")} csv" -- "$cur")); return; fi`,
    '  case "$cmd" in',
    ...cases,
    `    solve) opts="--grades --key ${GLOBAL.join(" ")} ${GLOBAL_REST.join(" ")}" ;;`,
    `    practice) opts="--seed --count --answers ${GLOBAL.join(" ")} ${GLOBAL_REST.join(" ")}" ;;`,
    `    help) opts="${names}" ;;`,
    `    completion) opts="${SHELLS.join(" ")}" ;;`,
    "  esac",
    '  COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
    "}",
    "complete -o default -F _dlsolve dlsolve",
    "",
  ].join("\n");
}

function zsh(): string {
  return [
    "# dlsolve completion for zsh: source it from ~/.zshrc (it uses zsh's bash completion layer)",
    "autoload -U +X compinit && compinit",
    "autoload -U +X bashcompinit && bashcompinit",
    bash()
      .split("\n")
      .filter((l) => !l.startsWith("# dlsolve completion for bash"))
      .join("\n"),
  ].join("\n");
}

function fish(): string {
  const lines = [
    "# dlsolve completion for fish: save as ~/.config/fish/completions/dlsolve.fish",
    "complete -c dlsolve -f",
  ];
  for (const p of problems) {
    lines.push(`complete -c dlsolve -n __fish_use_subcommand -a ${p.name} -d ${quoteFish(p.summary.slice(0, 60))}`);
    const on = `-n '__fish_seen_subcommand_from ${p.name}'`;
    for (const [n, s] of Object.entries(p.fields)) {
      const values = s.choices ? ` -r -a ${quoteFish(s.choices.join(" "))}` : "";
      lines.push(`complete -c dlsolve ${on} -l ${flagOf(n, s).slice(2)}${values} -d ${quoteFish(s.help.slice(0, 60))}`);
    }
    lines.push(
      `complete -c dlsolve ${on} -l expect -r -a ${quoteFish(
        Object.keys(p.answers)
          .map((f) => `{"${f}":`)
          .join(" "),
      )}`,
    );
  }
  for (const t of TOOLS) lines.push(`complete -c dlsolve -n __fish_use_subcommand -a ${t}`);
  for (const o of [...GLOBAL, ...GLOBAL_REST]) lines.push(`complete -c dlsolve -l ${o.slice(2)}`);
  lines.push("complete -c dlsolve -n '__fish_seen_subcommand_from solve' -l grades");
  lines.push("complete -c dlsolve -n '__fish_seen_subcommand_from solve' -l key -r -F");
  lines.push(`complete -c dlsolve -l format -r -a ${quoteFish(`${FORMATS.join(" ")} csv`)}`);
  lines.push(`complete -c dlsolve -n '__fish_seen_subcommand_from completion' -a ${quoteFish(SHELLS.join(" "))}`);
  return `${lines.join("\n")}\n`;
}

export function completionScript(shell: Shell): string {
  return shell === "bash" ? bash() : shell === "zsh" ? zsh() : fish();
}
