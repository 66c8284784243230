import { parseArgs } from 'node:util';

// A command is typed in a few forms, each a line of the usage: its arguments
// as the usage shows them (`--now --force`, `--json "<query>"`, `[--json]`,
// `--stale <duration>`, `[--since <duration>]`) are also what the command
// accepts, in any order.

export interface CliForm {
  /**
   * `--name` a flag, `[--name]` an optional one, `--name <value>` (or
   * `[--name <value>]`) one that takes a value, `"<query>"` the query (every
   * other word); empty: nothing.
   */
  args: string;
  summary: string;
}

/** What a command was given, once it fits one of its forms. */
export interface CliInput {
  /** Every option given, those with a value too. */
  flags: ReadonlySet<string>;
  /** The values of the options that take one (`--stale 180d`: stale → 180d), as typed: the command checks them. */
  values: ReadonlyMap<string, string>;
  /** The words that are not flags, joined; absent when the form has no query (`ask` reads standard input). */
  query?: string;
}

interface FormShape {
  required: string[];
  optional: string[];
  /** The options that take a value. */
  valued: string[];
  query: boolean;
}

/** One argument of a form: an option (in brackets, with a value or not), or the query. */
const FORM_ARGUMENT = /^(?:(\[)?--([a-z][a-z-]*)( <[a-z]+>)?(\])?|("<[a-z]+>"))(?: |$)/;

function shapeOf(form: CliForm): FormShape {
  const shape: FormShape = { required: [], optional: [], valued: [], query: false };
  for (let rest = form.args.trim(); rest; ) {
    const match = FORM_ARGUMENT.exec(rest);
    if (!match || Boolean(match[1]) !== Boolean(match[4])) throw new Error(`cannot read the form "${form.args}": ${rest}`);
    if (match[5]) shape.query = true;
    else {
      (match[1] ? shape.optional : shape.required).push(match[2]!);
      if (match[3]) shape.valued.push(match[2]!);
    }
    rest = rest.slice(match[0].length);
  }
  return shape;
}

/** `a`, `a or b`, `a, b, or c`. */
function alternatives(words: string[]): string {
  if (words.length < 3) return words.join(' or ');
  return `${words.slice(0, -1).join(', ')}, or ${words.at(-1)}`;
}

/** Longer usages (a command with many options) put their summary on the next line, so the column stays narrow. */
const SUMMARY_COLUMN_MAX = 30;

/** The usage's lines for these commands' forms, their summaries in one column. */
export function formatCommandLines(commands: readonly { name: string; forms: readonly CliForm[] }[]): string[] {
  const lines = commands.flatMap((c) => c.forms.map((f) => ({ usage: f.args ? `${c.name} ${f.args}` : c.name, summary: f.summary })));
  const width = Math.max(...lines.map((l) => l.usage.length).filter((n) => n + 2 <= SUMMARY_COLUMN_MAX)) + 2;
  return lines.flatMap((l) => (l.usage.length + 2 > width ? [`  ${l.usage}`, `  ${' '.repeat(width)}${l.summary}`] : [`  ${l.usage.padEnd(width)}${l.summary}`]));
}

/**
 * The command's arguments checked against its forms, or what is wrong with
 * them, in words that say what it takes.
 */
export function parseCommandArgs(command: { name: string; forms: readonly CliForm[] }, args: string[]): { ok: true; input: CliInput } | { ok: false; problem: string } {
  const shapes = command.forms.map(shapeOf);
  const flags = [...new Set(shapes.flatMap((s) => [...s.required, ...s.optional]))];
  const valued = new Set(shapes.flatMap((s) => s.valued));
  const takesQuery = shapes.some((s) => s.query);
  const withArgs = command.forms.filter((f) => f.args);
  const misfit = { ok: false as const, problem: withArgs.length > 0 ? `${command.name} takes ${alternatives(withArgs.map((f) => f.args))}` : `${command.name} takes no arguments` };
  let parsed;
  try {
    const types = flags.map((f) => [f, { type: valued.has(f) ? ('string' as const) : ('boolean' as const) }]);
    parsed = parseArgs({ args, options: Object.fromEntries(types), allowPositionals: takesQuery, strict: true });
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    const option = /'(-[^']*)'/.exec(message)?.[1];
    if (!takesQuery || !option) return misfit;
    // Node's own message is long and quotes oddly: name the option, and the way out.
    const what = code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? `${option} takes no value` : `unknown option ${option}`;
    return { ok: false, problem: `${what} (${command.name} takes ${flags.map((f) => `--${f}`).join(', ')}; a query starting with - goes after --)` };
  }
  const given = new Set(Object.keys(parsed.values));
  const values = new Map(Object.entries(parsed.values).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));
  const query = parsed.positionals.length > 0 ? parsed.positionals.join(' ') : undefined;
  if (query !== undefined && !query.trim()) return { ok: false, problem: `${command.name} needs a query` };
  const fits = shapes.some(
    (s) => s.query === (query !== undefined) && s.required.every((f) => given.has(f)) && [...given].every((f) => s.required.includes(f) || s.optional.includes(f)),
  );
  if (!fits) return misfit;
  return { ok: true, input: { flags: given, values, ...(query !== undefined && { query }) } };
}
