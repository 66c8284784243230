// The one list of `/kubecon` subcommands: parsing, help, the console and the
// README's table all read it, so a new subcommand is added here only.

export const SLASH_COMMAND = '/kubecon';

export const SUBCOMMANDS = [
  { name: 'help', aliases: ['aide'] },
  { name: 'list', aliases: ['liste', 'ls'] },
  { name: 'backlog', aliases: ['todo'] },
  { name: 'digest', aliases: [] },
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
