import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { WebClient } from '@slack/web-api';
import type { Assistant } from '../core/assistant.js';
import { formatProblem, formatProblems, loadKnowledge } from '../core/knowledge.js';
import { parseConfig, type Config } from '../config.js';
import { answerLine, ANSI, PLAIN, renderReplyForTerminal } from '../console/render.js';
import { answerReply, replyTo, type Reply } from '../core/reply.js';
import { createLogger } from '../logger.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { webClientOptions } from '../slack/app.js';
import { createSlackDigestJob } from '../slack/digest-post.js';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

const USAGE = `Usage: kubecon-bot <command>

Commands:
  ask "<query>"         the best answer from the recap, readable
  ask --json "<query>"  {"query": ..., "hits": [{"id", "title", "score"}]} on one line
  ask [--json]          with no query: one query per line on standard input, one answer per line
  list                  the entries, grouped by CNCF maturity and kind
  backlog               the tools to try, by priority, with their live status
  digest --dry-run      print the next weekly digest
  digest --now          post this week's digest once (needs SLACK_BOT_TOKEN and DIGEST_CHANNEL)
  digest --now --force  post it even though an earlier post was not confirmed by Slack (look in the channel first)
  check                 validate the knowledge folder (KNOWLEDGE_DIR, default ./knowledge)
  help                  this help

Environment: KNOWLEDGE_DIR, STATE_DIR, BOT_LOCALE (fr|en), LOG_LEVEL,
DIGEST_CHANNEL, DIGEST_CRON, DIGEST_TZ, SLACK_BOT_TOKEN, SLACK_API_URL.`;

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

interface Context {
  io: CliIo;
  config: Config;
  runtime: Runtime;
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
  return answerLine(answerReply(ctx.runtime.assistant.ask(query), ctx.runtime.tracker), ctx.runtime.strings);
}

async function ask(args: string[], ctx: Context): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's own message is long and quotes oddly: name the option, and the way out.
    const option = /'(-[^']*)'/.exec((error as Error).message)?.[1];
    return usage(ctx.io, option ? `unknown option ${option} (ask takes --json; a query starting with - goes after --)` : (error as Error).message);
  }
  const json = parsed.values.json === true;
  const { io } = ctx;
  if (parsed.positionals.length > 0) {
    const query = parsed.positionals.join(' ');
    if (!query.trim()) return usage(io, 'ask needs a query');
    if (json) io.stdout.write(`${jsonLine(query, ctx.runtime.assistant)}\n`);
    else printReply(ctx, replyTo({ name: 'ask', query }, ctx.runtime));
    return EXIT_OK;
  }
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    io.stdout.write(`${json ? jsonLine(line, ctx.runtime.assistant) : summaryLine(line, ctx)}\n`);
  }
  return EXIT_OK;
}

/** In a shell, subcommands are typed `kubecon-bot list`. */
function printReply(ctx: Context, reply: Reply): number {
  const style = ctx.io.stdout.isTTY ? ANSI : PLAIN;
  const { text } = renderReplyForTerminal(reply, ctx.runtime.strings, { style, numberButtons: false, command: 'kubecon-bot', timeZone: ctx.runtime.timeZone });
  ctx.io.stdout.write(`${text}\n`);
  return EXIT_OK;
}

async function digest(args: string[], ctx: Context): Promise<number> {
  const { io, config, runtime } = ctx;
  const valid = (args.length === 1 && ['--dry-run', '--now'].includes(args[0]!)) || (args.length === 2 && args[0] === '--now' && args[1] === '--force');
  if (!valid) return usage(io, 'digest takes --dry-run, --now, or --now --force');
  if (args[0] === '--dry-run') return printReply(ctx, replyTo({ name: 'digest' }, runtime));
  const channel = config.digest.channel;
  if (!config.botToken || !channel) {
    const missing = [config.botToken ? undefined : 'SLACK_BOT_TOKEN', channel ? undefined : 'DIGEST_CHANNEL'].filter(Boolean);
    io.stderr.write(`kubecon-bot: digest --now needs ${missing.join(' and ')}\n`);
    return EXIT_USAGE;
  }
  const logger = createLogger(config.logLevel, (line) => io.stderr.write(`${line}\n`));
  const client = new WebClient(config.botToken, webClientOptions(config, logger));
  const job = createSlackDigestJob({ client, channel, digest: config.digest, runtime, logger });
  const result = await job.runDue({ force: args[1] === '--force' });
  switch (result.status) {
    case 'posted':
      io.stdout.write(`Posted the digest for ${result.slot.toISOString()} to ${channel} (ts ${result.ts}).\n`);
      return EXIT_OK;
    case 'already-posted':
      io.stdout.write(`This week's digest (${result.slot.toISOString()}) was already posted: nothing to do.\n`);
      return EXIT_OK;
    case 'in-progress':
      io.stdout.write(`This week's digest (${result.slot.toISOString()}) is being posted by another run: nothing to do.\n`);
      return EXIT_OK;
    case 'no-slot':
      io.stdout.write(`DIGEST_CRON "${config.digest.cron}" had no slot in the last 8 days: nothing to post.\n`);
      return EXIT_OK;
    case 'uncertain':
      io.stderr.write(`kubecon-bot: this week's digest is unconfirmed (${result.error}). Look in ${channel}: if it is not there, run kubecon-bot digest --now --force.\n`);
      return EXIT_INVALID;
    default:
      io.stderr.write(`kubecon-bot: the digest was not posted: ${result.status === 'failed' ? result.error : result.status}\n`);
      return EXIT_INVALID;
  }
}

const COMMANDS = ['ask', 'list', 'backlog', 'check', 'digest'];

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (!command) return usage(io, 'missing command');
  if (!COMMANDS.includes(command)) return usage(io, `unknown command "${command}"`);
  if (!['ask', 'digest'].includes(command) && rest.length > 0) return usage(io, `${command} takes no arguments`);

  const configResult = parseConfig(io.env, { forCli: true });
  if (!configResult.ok) {
    io.stderr.write(`kubecon-bot: ${configResult.message}\n`);
    return EXIT_USAGE;
  }
  const config = configResult.config;
  if (command === 'check') {
    // Validation only: no state is opened.
    const loaded = await loadKnowledge(config.knowledgeDir);
    for (const skipped of loaded.skipped) io.stderr.write(`kubecon-bot: ${formatProblem(skipped)}\n`);
    if (!loaded.ok) {
      io.stderr.write(`kubecon-bot: ${formatProblems(loaded.problems)}\n`);
      return EXIT_INVALID;
    }
    const events = new Set(loaded.entries.map((e) => e.event));
    io.stdout.write(`OK: ${loaded.entries.length} entries, ${events.size} event(s) (${[...events].join(', ')}) in ${config.knowledgeDir}\n`);
    return EXIT_OK;
  }
  // Only `digest --now` writes the state: the rest reads it, and works without it.
  const opened = await openRuntime(config, { readOnly: !(command === 'digest' && rest[0] === '--now') });
  if (!opened.ok) {
    io.stderr.write(`kubecon-bot: ${opened.message}\n`);
    return EXIT_INVALID;
  }
  const ctx: Context = { io, config, runtime: opened.runtime };
  try {
    switch (command) {
      case 'list':
        return printReply(ctx, replyTo({ name: 'list' }, ctx.runtime));
      case 'backlog':
        return printReply(ctx, replyTo({ name: 'backlog' }, ctx.runtime));
      case 'digest':
        return await digest(rest, ctx);
      default:
        return await ask(rest, ctx);
    }
  } finally {
    opened.runtime.close();
  }
}
