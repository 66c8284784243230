import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { WebClient } from '@slack/web-api';
import type { Assistant } from '../core/assistant.js';
import { parseDuration } from '../core/duration.js';
import { describeFileError } from '../core/file-errors.js';
import { makeFolder } from '../make-folder.js';
import { staleEntries, type StaleEntry } from '../core/freshness.js';
import { formatProblem, formatProblems, loadKnowledge } from '../core/knowledge.js';
import { ENV_VARIABLES, parseConfig, type Config } from '../config.js';
import { answerLine, ANSI, PLAIN, renderReplyForTerminal, wrapText } from '../console/render.js';
import { answerReply, noteReply, replyTo, type Reply } from '../core/reply.js';
import type { GapsReport } from '../core/gaps.js';
import { createLogger } from '../logger.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { webClientOptions } from '../slack/app.js';
import { createSlackDigestJob } from '../slack/digest-post.js';
import { formatCommandLines, parseCommandArgs, type CliForm, type CliInput } from './arguments.js';
import { toolStatus } from '../core/tool-status.js';
import { PROPOSAL_FIELDS, PROPOSED_EVENT } from '../core/proposal.js';
import { proposalDraft, proposedEventDraft } from '../core/proposal-export.js';
import { describeProposalError } from '../locale/format.js';
import { BoardUnreachableError, unreachableAsBoardError } from '../core/tracker.js';
import { openStore } from '../state/open-store.js';
import { SCHEMA_VERSION } from '../state/migrations.js';
import { POSTGRES_SCHEMA_VERSION } from '../state/postgres/migrations.js';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

interface CommandContext {
  io: CliIo;
  /** The usage of the commands being run. */
  usage: string;
}

interface Context extends CommandContext {
  config: Config;
  runtime: Runtime;
}

type Run<C> = (input: CliInput, ctx: C) => number | Promise<number>;

/** One command: its usage lines (which are also the arguments it takes), what it needs to run, and its run. */
export type CliCommand = { name: string; aliases?: readonly string[]; forms: readonly CliForm[] } & (
  | { needs: 'nothing'; run: Run<CommandContext> }
  | { needs: 'config'; run: Run<CommandContext & { config: Config }> }
  | {
      needs: 'runtime';
      /** Whether it opens the state to write it: the rest only read it, and work without it. */
      writesState?: (input: CliInput) => boolean;
      run: Run<Context>;
    }
);

function jsonLine(query: string, assistant: Assistant): string {
  const answer = assistant.ask(query);
  return JSON.stringify({ query: answer.query, hits: answer.hits.map(({ id, title, score }) => ({ id, title, score })) });
}

/** One line per answer in batch mode. */
async function summaryLine(query: string, ctx: Context): Promise<string> {
  return answerLine(await answerReply(ctx.runtime.assistant.ask(query), ctx.runtime.tracker), ctx.runtime.strings);
}

/** The channel `ask --record` counts its questions in. */
const CLI_CHANNEL = 'cli';

async function ask(input: CliInput, ctx: Context): Promise<number> {
  const json = input.flags.has('json');
  const { io, runtime } = ctx;
  const { query } = input;
  // Scripts and the relevance suite ask without leaving a trace, unless told to.
  // Recorded from the reply, as every surface does (a question a proposed tool answers is no gap).
  const record = async (q: string) => {
    if (input.flags.has('record')) noteReply(await replyTo({ name: 'ask', query: q }, runtime), runtime.gaps, CLI_CHANNEL);
  };
  if (query !== undefined) {
    if (json) io.stdout.write(`${jsonLine(query, runtime.assistant)}\n`);
    else printReply(ctx, await replyTo({ name: 'ask', query }, runtime));
    await record(query);
    return EXIT_OK;
  }
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    io.stdout.write(`${json ? jsonLine(line, runtime.assistant) : await summaryLine(line, ctx)}\n`);
    await record(line);
  }
  return EXIT_OK;
}

/** `gaps --json`: one object, dates as ISO 8601. */
function gapsJson(report: GapsReport): string {
  return JSON.stringify({
    unanswered: report.unanswered.map((q) => ({
      question: q.question,
      count: q.count,
      first_asked: q.firstAsked.toISOString(),
      last_asked: q.lastAsked.toISOString(),
      channels: q.channels,
    })),
    unhelpful: report.unhelpful.map((u) => ({ question: u.question, entry_id: u.entryId, count: u.count })),
  });
}

async function gaps(input: CliInput, ctx: Context): Promise<number> {
  const { io, runtime, usage } = ctx;
  const sinceText = input.values.get('since');
  let since: Date | undefined;
  if (sinceText !== undefined) {
    const duration = parseDuration(sinceText);
    if (!duration.ok) {
      io.stderr.write(`kubecon-bot: --since ${duration.message}\n${usage}\n`);
      return EXIT_USAGE;
    }
    since = new Date(Date.now() - duration.duration.ms);
  }
  const report = await runtime.gaps.report(since ? { since } : {});
  if (input.flags.has('json')) io.stdout.write(`${gapsJson(report)}\n`);
  else printReply(ctx, { kind: 'gaps', ...report });
  return EXIT_OK;
}

/** A reply as text, with subcommands as a shell types them (`kubecon-bot list`); the board unreachable is a failure (exit 1). */
function printReply(ctx: Context, reply: Reply): number {
  if (reply.kind === 'board-unreachable') return boardUnreachable(ctx, reply.reason);
  const style = ctx.io.stdout.isTTY ? ANSI : PLAIN;
  const { text } = renderReplyForTerminal(reply, ctx.runtime.strings, { style, numberButtons: false, command: 'kubecon-bot', timeZone: ctx.runtime.timeZone });
  ctx.io.stdout.write(`${text}\n`);
  return EXIT_OK;
}

/** What the command needed from the team's board could not be read (see BoardUnreachableReply), and why. */
function boardUnreachable(ctx: Context, reason: string): number {
  ctx.io.stderr.write(`kubecon-bot: ${ctx.runtime.strings.errors.boardUnreachable} (${reason})\n`);
  return EXIT_INVALID;
}

async function digest(input: CliInput, ctx: Context): Promise<number> {
  const { io, config, runtime } = ctx;
  if (input.flags.has('dry-run')) return printReply(ctx, await replyTo({ name: 'digest' }, runtime));
  const channel = config.digest.channel;
  if (!config.botToken || !channel) {
    const missing = [config.botToken ? undefined : 'SLACK_BOT_TOKEN', channel ? undefined : 'DIGEST_CHANNEL'].filter(Boolean);
    io.stderr.write(`kubecon-bot: digest --now needs ${missing.join(' and ')}\n`);
    return EXIT_USAGE;
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, write: (line) => io.stderr.write(`${line}\n`) });
  const client = new WebClient(config.botToken, webClientOptions(config, logger));
  const job = createSlackDigestJob({ client, channel, digest: config.digest, runtime, logger });
  const result = await job.runDue({ force: input.flags.has('force') });
  switch (result.status) {
    case 'posted':
      io.stdout.write(`Posted the digest for ${result.slot.toISOString()} to ${channel} (ts ${result.messageRef}).\n`);
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

async function check(input: CliInput, { io, config, usage }: CommandContext & { config: Config }): Promise<number> {
  const staleText = input.values.get('stale');
  const stale = staleText === undefined ? undefined : parseDuration(staleText);
  if (stale && !stale.ok) {
    io.stderr.write(`kubecon-bot: --stale ${stale.message}\n${usage}\n`);
    return EXIT_USAGE;
  }
  // Validation only: no state is opened.
  const loaded = await loadKnowledge(config.knowledgeDir);
  for (const skipped of loaded.skipped) io.stderr.write(`kubecon-bot: ${formatProblem(skipped)}\n`);
  if (!loaded.ok) {
    io.stderr.write(`kubecon-bot: ${formatProblems(loaded.problems)}\n`);
    return EXIT_INVALID;
  }
  const events = new Set(loaded.entries.map((e) => e.event));
  io.stdout.write(`OK: ${loaded.entries.length} entries, ${events.size} event(s) (${[...events].join(', ')}) in ${config.knowledgeDir}\n`);
  if (stale) io.stdout.write(formatStale(staleEntries(loaded.entries, stale.duration.ms, new Date()), stale.duration.text));
  return EXIT_OK;
}

/** `check --stale`: one line per entry due for a review, its file first (what to open). */
function formatStale(stale: readonly StaleEntry[], since: string): string {
  if (stale.length === 0) return `Every entry was reviewed less than ${since} ago.\n`;
  const lines = stale.map(({ entry, daysSince }) => ({ file: entry.file, note: `${entry.title}: ${entry.reviewed ? `reviewed ${entry.reviewed}, ${daysSince} days ago` : 'never reviewed'}` }));
  const width = Math.max(...lines.map((l) => l.file.length)) + 2;
  return [`Not reviewed for ${since} or more, or never (${stale.length}):`, ...lines.map((l) => `  ${l.file.padEnd(width)}${l.note}`), ''].join('\n');
}

// --- s3/propose ---
/** Who proposes from the command line: `--by`, else the OS user's name. */
function proposerName(input: CliInput, env: NodeJS.ProcessEnv): string {
  const given = input.values.get('by')?.trim();
  if (given) return given;
  try {
    return userInfo().username;
  } catch {
    return env['USER'] ?? env['USERNAME'] ?? 'unknown';
  }
}

async function propose(input: CliInput, ctx: Context): Promise<number> {
  const { io, runtime } = ctx;
  const fields = Object.fromEntries(PROPOSAL_FIELDS.flatMap((f) => (input.values.has(f) ? [[f, input.values.get(f)!]] : [])));
  const result = await runtime.tracker.propose(fields, proposerName(input, io.env));
  if (!result.ok) {
    for (const error of result.errors) io.stderr.write(`kubecon-bot: propose: --${error.field}: ${describeProposalError(error, runtime.strings)}\n`);
    return EXIT_USAGE;
  }
  const { item } = result;
  io.stdout.write(`${runtime.strings.propose.added(item.entry.title)} (${item.entry.id}, ${runtime.strings.priority[item.priority]})\n`);
  return EXIT_OK;
}

/** `backlog --json`: one object, every tool with its status and where it comes from. */
async function backlogJson(ctx: Context): Promise<number> {
  const rows = await ctx.runtime.tracker.board();
  const tools = rows.map(({ item, state }) => ({
    id: item.entry.id,
    title: item.entry.title,
    priority: item.priority,
    status: toolStatus(state),
    source: item.source,
    reason: item.reason,
    ...(state?.claimedBy && { claimedBy: state.claimedBy }),
    ...(item.source === 'proposed' && { url: item.url, proposedBy: item.proposedBy, proposedAt: item.proposedAt.toISOString() }),
  }));
  ctx.io.stdout.write(`${JSON.stringify({ tools })}\n`);
  return EXIT_OK;
}

async function exportProposals(input: CliInput, ctx: Context): Promise<number> {
  const { io, runtime } = ctx;
  const dir = path.join(input.query!, PROPOSED_EVENT);
  const proposals = await unreachableAsBoardError(runtime.store).proposals();
  let file = dir;
  try {
    makeFolder(dir);
    file = path.join(dir, `${PROPOSED_EVENT}.md`);
    await writeFile(file, proposedEventDraft());
    for (const proposal of proposals) {
      file = path.join(dir, `${proposal.id}.md`);
      await writeFile(file, proposalDraft(proposal));
    }
  } catch (error) {
    io.stderr.write(`kubecon-bot: export-proposals: cannot write ${file}: ${describeFileError(error)}\n`);
    return EXIT_INVALID;
  }
  io.stdout.write(`Wrote ${proposals.length} draft(s) and the event entry to ${dir}\n`);
  return EXIT_OK;
}

/** `migrate`: what the bot does to the state at start, alone (the read-only commands refuse a state older than the code). */
async function migrateState(_input: CliInput, { io, config }: CommandContext & { config: Config }): Promise<number> {
  const opened = await openStore(config);
  if (!opened.ok) {
    io.stderr.write(`kubecon-bot: ${opened.message}\n`);
    return EXIT_INVALID;
  }
  await opened.store.close();
  io.stdout.write(`The state is at schema v${config.databaseUrl === undefined ? SCHEMA_VERSION : POSTGRES_SCHEMA_VERSION}, this kubecon-bot's.\n`);
  return EXIT_OK;
}

/** The commands, in the usage's order: the usage, the arguments each takes and what runs all come from here. */
export const CLI_COMMANDS: readonly CliCommand[] = [
  {
    name: 'ask',
    forms: [
      { args: '"<query>"', summary: 'the best answer from the recap, readable' },
      { args: '--json "<query>"', summary: '{"query": ..., "hits": [{"id", "title", "score"}]} on one line' },
      { args: '[--json]', summary: 'with no query: one query per line on standard input, one answer per line' },
      { args: '--record [--json] "<query>"', summary: 'the same, and counted as unanswered (see gaps) if nothing answers it' },
      { args: '--record [--json]', summary: 'the same, one query per line on standard input' },
    ],
    needs: 'runtime',
    writesState: (input) => input.flags.has('record'),
    run: ask,
  },
  {
    name: 'gaps',
    forms: [
      { args: '[--since <duration>]', summary: 'the most asked unanswered questions, the answers voted unhelpful (--since 30d)' },
      { args: '--json [--since <duration>]', summary: '{"unanswered": [{"question", "count", ...}], "unhelpful": [...]} on one line' },
    ],
    needs: 'runtime',
    run: gaps,
  },
  {
    name: 'list',
    forms: [{ args: '', summary: 'the entries, grouped by CNCF maturity and kind' }],
    needs: 'runtime',
    run: async (_input, ctx) => printReply(ctx, await replyTo({ name: 'list' }, ctx.runtime)),
  },
  {
    name: 'backlog',
    forms: [
      { args: '', summary: 'the tools to try, by priority, with their live status' },
      { args: '--json', summary: '{"tools": [{"id", "title", "priority", "status", "source", ...}]} on one line' },
    ],
    needs: 'runtime',
    run: async (input, ctx) => (input.flags.has('json') ? backlogJson(ctx) : printReply(ctx, await replyTo({ name: 'backlog' }, ctx.runtime))),
  },
  {
    name: 'propose',
    forms: [
      {
        args: '--title <title> --url <url> --reason <reason> [--priority <priority>] [--by <name>]',
        summary: 'add a tool to try to the backlog (priority high|normal|low, default normal; by: default the OS user name)',
      },
    ],
    needs: 'runtime',
    writesState: () => true,
    run: propose,
  },
  {
    name: 'export-proposals',
    forms: [{ args: '"<dir>"', summary: 'write each proposed tool as a knowledge entry draft, <dir>/proposed/<id>.md' }],
    needs: 'runtime',
    run: exportProposals,
  },
  {
    name: 'digest',
    forms: [
      { args: '--dry-run', summary: 'print the next weekly digest' },
      { args: '--now', summary: "post this week's digest once (needs SLACK_BOT_TOKEN and DIGEST_CHANNEL)" },
      { args: '--now --force', summary: 'post it even though an earlier post was not confirmed by Slack (look in the channel first)' },
    ],
    needs: 'runtime',
    writesState: (input) => input.flags.has('now'),
    run: digest,
  },
  {
    name: 'migrate',
    forms: [{ args: '', summary: "upgrade the state (STATE_DIR or DATABASE_URL) to this version's schema, as the bot does at start" }],
    needs: 'config',
    run: migrateState,
  },
  {
    name: 'check',
    forms: [
      { args: '', summary: 'validate the knowledge folder (KNOWLEDGE_DIR, default ./knowledge)' },
      { args: '--stale <duration>', summary: 'also list the entries not reviewed for that long (180d, 26w), or never; exits 0 unless invalid' },
    ],
    needs: 'config',
    run: check,
  },
  {
    name: 'help',
    aliases: ['--help', '-h'],
    forms: [{ args: '', summary: 'this help' }],
    needs: 'nothing',
    run: (_input, { io, usage }) => {
      io.stdout.write(`${usage}\n`);
      return EXIT_OK;
    },
  },
];

function formatUsage(commands: readonly CliCommand[]): string {
  // What the configuration's schema says the command reads: not what only the Slack app does.
  const variables = ENV_VARIABLES.filter((v) => !v.serverOnly).map((v) => (v.values ? `${v.name} (${v.values.join('|')})` : v.name));
  const environment = ['Environment:', ...variables.map((v, i) => `${v}${i === variables.length - 1 ? '.' : ','}`)];
  return ['Usage: kubecon-bot <command>', '', 'Commands:', ...formatCommandLines(commands), '', wrapText(environment.join(' '), 72)].join('\n');
}

export async function runCli(argv: string[], io: CliIo, options: { commands?: readonly CliCommand[] } = {}): Promise<number> {
  const commands = options.commands ?? CLI_COMMANDS;
  const usage = formatUsage(commands);
  const refuse = (problem: string): number => {
    io.stderr.write(`kubecon-bot: ${problem}\n${usage}\n`);
    return EXIT_USAGE;
  };
  const [name, ...rest] = argv;
  if (!name) return refuse('missing command');
  const command = commands.find((c) => c.name === name || c.aliases?.includes(name));
  if (!command) return refuse(`unknown command "${name}"`);
  const parsed = parseCommandArgs(command, rest);
  if (!parsed.ok) return refuse(parsed.problem);
  const { input } = parsed;
  if (command.needs === 'nothing') return command.run(input, { io, usage });

  const configResult = parseConfig(io.env, { forCli: true });
  if (!configResult.ok) {
    io.stderr.write(`kubecon-bot: ${configResult.message}\n`);
    return EXIT_USAGE;
  }
  const config = configResult.config;
  if (command.needs === 'config') return command.run(input, { io, usage, config });
  const opened = await openRuntime(config, { readOnly: !command.writesState?.(input) });
  if (!opened.ok) {
    io.stderr.write(`kubecon-bot: ${opened.message}\n`);
    return EXIT_INVALID;
  }
  const ctx = { io, usage, config, runtime: opened.runtime };
  try {
    // The commands that read the store outside a reply (--json, gaps) fail the same way when it cannot be reached.
    return await command.run(input, ctx);
  } catch (error) {
    if (error instanceof BoardUnreachableError) return boardUnreachable(ctx, error.reason);
    throw error;
  } finally {
    await opened.runtime.close();
  }
}
