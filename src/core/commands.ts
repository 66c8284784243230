// The one list of `/kubecon` subcommands: parsing, help, the console and the
// README's table all read it, so a new subcommand is added here only.

export const SLASH_COMMAND = '/kubecon';

export const SUBCOMMANDS = [
  { name: 'help', aliases: ['aide'] },
  { name: 'list', aliases: ['liste', 'ls'] },
  { name: 'backlog', aliases: ['todo'] },
  { name: 'digest', aliases: [] },
  { name: 'propose', aliases: ['proposer'] },
] as const;

export type SubcommandName = (typeof SUBCOMMANDS)[number]['name'];
export type ParsedCommand = { name: SubcommandName } | { name: 'ask'; query: string };

/**
 * `/kubecon <text>`: a subcommand when the whole text is its name or alias,
 * otherwise a question. No text at all is a request for help.
 */
export function parseCommandText(text: string): ParsedCommand {
  const trimmed = text.trim();
  if (!trimmed) return { name: 'help' };
  const word = trimmed.toLowerCase();
  const sub = SUBCOMMANDS.find((c) => c.name === word || (c.aliases as readonly string[]).includes(word));
  return sub ? { name: sub.name } : { name: 'ask', query: trimmed };
}

/** Edit distance with adjacent swaps counted as one edit (`backleg` → `backlog`: 1). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The subcommand a one-word text was probably meant to be (`backleg`, `lsit`), if any. */
export function likelySubcommand(text: string): SubcommandName | undefined {
  const word = text.trim().toLowerCase();
  if (!/^\p{L}{4,}$/u.test(word)) return undefined;
  return SUBCOMMANDS.find((c) => [c.name, ...c.aliases].some((name) => name.length >= 4 && editDistance(word, name) <= 2))?.name;
}
