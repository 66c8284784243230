import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadAssistant, type Assistant } from '../core/assistant.js';
import { formatProblems } from '../core/knowledge.js';
import { parseConfig, type Config } from '../config.js';
import { mrkdwnToTerminal, ANSI, PLAIN, renderForTerminal } from '../console/render.js';
import { stringsFor, type Strings } from '../locale/index.js';
import { renderAnswer } from '../slack/blocks/answer.js';
import { renderBacklog, renderList } from '../slack/blocks/catalogue.js';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export const USAGE = `Usage: kubecon-bot <command>

Commands:
  ask "<query>"         the best answer from the recap, readable
  ask --json "<query>"  {"query": ..., "hits": [{"id", "title", "score"}]} on one line
  ask [--json]          with no query: one query per line on standard input, one answer per line
  list                  the entries, grouped by CNCF maturity and kind
  backlog               the tools to try, by priority, with the reason
  check                 validate the knowledge folder (KNOWLEDGE_DIR, default ./knowledge)
  help                  this help

Environment: KNOWLEDGE_DIR, BOT_LOCALE (fr|en), LOG_LEVEL.`;

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

interface Context {
  io: CliIo;
  config: Config;
  strings: Strings;
  assistant: Assistant;
}

function usage(io: CliIo, problem?: string): number {
  if (problem) io.stderr.write(`kubecon-bot: ${problem}\n`);
  io.stderr.write(`${USAGE}\n`);
  return EXIT_USAGE;
}

function jsonLine(query: string, assistant: Assistant): string {
  const answer = assistant.ask(query);
  return JSON.stringify({ query: answer.query, hits: answer.hits.map(({ id, title, score }) => ({ id, title, score })) });
}

/** One line per answer in batch mode: the message's fallback text, flattened. */
function summaryLine(query: string, ctx: Context): string {
  const { text } = renderAnswer(ctx.assistant.ask(query), ctx.strings);
  return mrkdwnToTerminal(text, PLAIN).replace(/\s*\n\s*/g, ' ');
}

async function ask(args: string[], ctx: Context): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    return usage(ctx.io, (error as Error).message);
  }
  const json = parsed.values.json === true;
  const { io } = ctx;
  if (parsed.positionals.length > 0) {
    const query = parsed.positionals.join(' ');
    if (!query.trim()) return usage(io, 'ask needs a query');
    if (json) io.stdout.write(`${jsonLine(query, ctx.assistant)}\n`);
    else {
      const style = io.stdout.isTTY ? ANSI : PLAIN;
      io.stdout.write(`${renderForTerminal(renderAnswer(ctx.assistant.ask(query), ctx.strings, { shareable: false }), style, { numberButtons: false }).text}\n`);
    }
    return EXIT_OK;
  }
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    io.stdout.write(`${json ? jsonLine(line, ctx.assistant) : summaryLine(line, ctx)}\n`);
  }
  return EXIT_OK;
}

function printMessage(ctx: Context, message: Parameters<typeof renderForTerminal>[0]): number {
  const style = ctx.io.stdout.isTTY ? ANSI : PLAIN;
  ctx.io.stdout.write(`${renderForTerminal(message, style, { numberButtons: false }).text}\n`);
  return EXIT_OK;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (!command) return usage(io, 'missing command');
  if (!['ask', 'list', 'backlog', 'check'].includes(command)) return usage(io, `unknown command "${command}"`);
  if (command !== 'ask' && rest.length > 0) return usage(io, `${command} takes no arguments`);

  const configResult = parseConfig(io.env);
  if (!configResult.ok) {
    io.stderr.write(`kubecon-bot: ${configResult.message}\n`);
    return EXIT_USAGE;
  }
  const config = configResult.config;
  const loaded = await loadAssistant(config.knowledgeDir);
  if (!loaded.ok) {
    io.stderr.write(`${formatProblems(loaded.problems)}\n`);
    return EXIT_INVALID;
  }
  const ctx: Context = { io, config, strings: stringsFor(config.locale), assistant: loaded.assistant };
  switch (command) {
    case 'check': {
      const events = new Set(ctx.assistant.entries.map((e) => e.event));
      io.stdout.write(`OK: ${ctx.assistant.entries.length} entries, ${events.size} event(s) (${[...events].join(', ')}) in ${config.knowledgeDir}\n`);
      return EXIT_OK;
    }
    case 'list':
      return printMessage(ctx, renderList(ctx.assistant.groups(), ctx.strings));
    case 'backlog':
      return printMessage(ctx, renderBacklog(ctx.assistant.backlog, ctx.strings));
    default:
      return ask(rest, ctx);
  }
}
