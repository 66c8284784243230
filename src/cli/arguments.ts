import { parseArgs } from 'node:util';

// A command is typed in a few forms, each a line of the usage: its arguments
// as the usage shows them (`--now --force`, `--json "<query>"`, `[--json]`)
// are also what the command accepts, in any order.

export interface CliForm {
  /**
   * `--name` a flag, `[--name]` an optional one, `[--name <value>]` an
   * optional one taking a value, `"<query>"` the query (every other word); empty: nothing.
   */
  args: string;
  summary: string;
}

/** What a command was given, once it fits one of its forms. */
export interface CliInput {
  flags: ReadonlySet<string>;
  /** The values of the options that take one (`--since 30d`). */
  values: ReadonlyMap<string, string>;
  /** The words that are not flags, joined; absent when the form has no query (`ask` reads standard input). */
  query?: string;
}

interface FormShape {
  required: string[];
  optional: string[];
  /** The options (among the optional ones) that take a value. */
  valued: string[];
  query: boolean;
}

function shapeOf(form: CliForm): FormShape {
  const shape: FormShape = { required: [], optional: [], valued: [], query: false };
  // `[--since <duration>]` is one word of the form.
  for (const word of form.args.match(/\[[^\]]*\]|\S+/g) ?? []) {
    const valued = /^\[--([a-z][a-z-]*) <[a-z]+>\]$/.exec(word);
    if (valued) {
      shape.optional.push(valued[1]!);
      shape.valued.push(valued[1]!);
      continue;
    }
    const flag = /^(\[)?--([a-z][a-z-]*)(\])?$/.exec(word);
    if (flag && Boolean(flag[1]) === Boolean(flag[3])) (flag[1] ? shape.optional : shape.required).push(flag[2]!);
    else if (/^"<[a-z]+>"$/.test(word)) shape.query = true;
    else throw new Error(`cannot read the form "${form.args}": ${word}`);
  }
  return shape;
}

/** `a`, `a or b`, `a, b, or c`. */
function alternatives(words: string[]): string {
  if (words.length < 3) return words.join(' or ');
  return `${words.slice(0, -1).join(', ')}, or ${words.at(-1)}`;
}

/** The usage's lines for these commands' forms, their summaries in one column. */
export function formatCommandLines(commands: readonly { name: string; forms: readonly CliForm[] }[]): string[] {
  const lines = commands.flatMap((c) => c.forms.map((f) => ({ usage: f.args ? `${c.name} ${f.args}` : c.name, summary: f.summary })));
  const width = Math.max(...lines.map((l) => l.usage.length)) + 2;
  return lines.map((l) => `  ${l.usage.padEnd(width)}${l.summary}`);
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
    parsed = parseArgs({
      args,
      options: Object.fromEntries(flags.map((f) => [f, { type: valued.has(f) ? ('string' as const) : ('boolean' as const) }])),
      allowPositionals: takesQuery,
      strict: true,
    });
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    const option = /'(-[^']*)'/.exec(message)?.[1];
    if (!takesQuery || !option) return misfit;
    // Node's own message is long and quotes oddly: name the option, and the way out.
    const what = code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? `${option} takes no value` : `unknown option ${option}`;
    return { ok: false, problem: `${what} (${command.name} takes ${flags.map((f) => `--${f}`).join(', ')}; a query starting with - goes after --)` };
  }
  const given = new Set(Object.keys(parsed.values));
  const query = parsed.positionals.length > 0 ? parsed.positionals.join(' ') : undefined;
  if (query !== undefined && !query.trim()) return { ok: false, problem: `${command.name} needs a query` };
  const fits = shapes.some(
    (s) => s.query === (query !== undefined) && s.required.every((f) => given.has(f)) && [...given].every((f) => s.required.includes(f) || s.optional.includes(f)),
  );
  if (!fits) return misfit;
  const values = new Map(Object.entries(parsed.values).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { ok: true, input: { flags: given, values, ...(query !== undefined && { query }) } };
}
