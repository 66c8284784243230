// What the bot says, as plain data: every surface (the chat app, the
// console, the CLI) renders these its own way, and none reads another surface's output.
// Text is carried as written (titles, a user's query or comment) and entry
// text as the knowledge's Markdown; escaping is the renderer's business.
import type { Answer } from './answer.js';
import type { Assistant } from './assistant.js';
import type { KnowledgeEvent, EventCatalogue, EntryGroup } from './catalogue.js';
import { likelySubcommand, SUBCOMMANDS, type ParsedCommand, type SubcommandName } from './commands.js';
import type { Digest } from './digest.js';
import { toolActions, type ToolAction } from './tool-status.js';
import type { Entry } from './entry.js';
import type { GapsReport, KnowledgeGaps } from './gaps.js';
import { reviewsDue } from './freshness.js';
import type { Log } from './log.js';
import type { UnansweredQuestion } from './store.js';
import { BoardUnreachableError, type BacklogTracker, type BoardRow } from './tracker.js';

/** Something a person can do from a reply: a button, a number typed in the console. */
export type ReplyAction =
  | { kind: 'open'; entry: Entry }
  /** Show a card only the asker sees to everyone in the conversation. */
  | { kind: 'share'; entryId: string; question: string }
  | { kind: ToolAction; entryId: string }
  /** Did this answer help? The entry answered, to the question as asked. */
  | VoteAction
  /** Open the form that proposes a tool to try (s3/propose). */
  | { kind: 'propose' };

export type VoteAction = { kind: 'vote'; helpful: boolean; entryId: string; question: string };

/** 👍 then 👎 on an entry given as the answer to `question`. */
export const voteActions = (entryId: string, question: string): VoteAction[] => [
  { kind: 'vote', helpful: true, entryId, question },
  { kind: 'vote', helpful: false, entryId, question },
];

export type OpenAction = Extract<ReplyAction, { kind: 'open' }>;

export const openAction = (entry: Entry): OpenAction => ({ kind: 'open', entry });

/** The actions a tool's state allows, in the order they are offered (see toolActions). */
export const toolReplyActions = (row: Pick<BoardRow, 'state'> & { entryId: string }): ReplyAction[] =>
  toolActions(row.state).map((kind) => ({ kind, entryId: row.entryId }));

/** An answer: an entry's card, "nothing found" with suggestions, or the invitation to ask. */
export interface AnswerReply {
  kind: 'answer';
  answer: Answer;
  /** The entry is a tool to try: where the team stands with it (the backlog's live status). */
  tool?: BoardRow;
  /** The entry is a tool to try, but where the team stands with it cannot be read right now (the store is unreachable). */
  statusUnavailable?: true;
  /** Nothing found, and the query looked like a subcommand (`backleg` → `backlog`). */
  suggestedCommand?: SubcommandName;
  /** The related entries (or suggestions) to open, then sharing when only the asker sees the reply. */
  actions: ReplyAction[];
}

export interface HelpReply {
  kind: 'help';
  /** The events the knowledge covers. */
  events: readonly KnowledgeEvent[];
  commands: typeof SUBCOMMANDS;
}

export interface ListReply {
  kind: 'list';
  count: number;
  events: { event: KnowledgeEvent; groups: { group: EntryGroup; actions: OpenAction[] }[] }[];
}

export interface BacklogReply {
  kind: 'backlog';
  rows: (BoardRow & { open: OpenAction })[];
}

/**
 * The weekly digest: as posted in the channel, or as it would be posted now
 * (`preview`: `/kubecon digest`, `kubecon-bot digest --dry-run`).
 */
export interface DigestReply {
  kind: 'digest';
  digest: Digest;
  preview: boolean;
  /** What can be done with the tool of the week. */
  actions: ReplyAction[];
}

/** The team's board (the App Home): every tool to try with what can be done with it, next digest on top. */
export interface BoardReply {
  kind: 'board';
  nextRun?: Date;
  /** How many entries are due for a review (see reviewsDue). */
  reviews?: { stale: number; days: number };
  rows: (BoardRow & { open: OpenAction; actions: ReplyAction[] })[];
  /** The most asked questions the knowledge does not answer (BOARD_UNANSWERED at most). */
  unanswered: UnansweredQuestion[];
  /** What can be done with the board itself: propose a tool. */
  actions: ReplyAction[];
}

/** The board shows this many unanswered questions. */
export const BOARD_UNANSWERED = 5;

/** How many of each the gaps reply shows, the most asked first: what anyone reads (and a chat section's 3,000 characters hold). */
export const GAPS_SHOWN = 20;

/** `/kubecon gaps`: what was asked and not answered, and the answers found unhelpful (GAPS_SHOWN of each at most). */
export interface GapsReply extends GapsReport {
  kind: 'gaps';
}

// --- s3/propose ---
/** `/kubecon propose`: the form that proposes a tool (a modal in Slack; `kubecon-bot propose` elsewhere). */
export interface ProposeReply {
  kind: 'propose';
  actions: ReplyAction[];
}

/** A proposed tool opened: its minimal card (title, link, why, who proposed it and when) and where the team stands with it. */
export interface ProposalReply {
  kind: 'proposal';
  tool: BoardRow & { item: Extract<BoardRow['item'], { source: 'proposed' }> };
  actions: ReplyAction[];
}

/**
 * What was asked needs the team's board (the store: claims, verdicts,
 * proposals, the questions asked) and it cannot be reached right now: the
 * person is told so, in place of what they asked for. Every reply built here
 * turns a BoardUnreachableError into this (see orBoardUnreachable), so no
 * surface has to catch it.
 */
export interface BoardUnreachableReply {
  kind: 'board-unreachable';
  /** Why, in the store's words (for a log or a command line, not for the chat). */
  reason: string;
}

/**
 * `reply()`, or BoardUnreachableReply when the store it reads cannot be
 * reached (logged, when the context has a log); any other failure is thrown as it came.
 */
export async function orBoardUnreachable<R>(reply: () => Promise<R>, log?: Log): Promise<R | BoardUnreachableReply> {
  try {
    return await reply();
  } catch (error) {
    if (!(error instanceof BoardUnreachableError)) throw error;
    log?.error('The team’s board cannot be reached; saying so:', error);
    return { kind: 'board-unreachable', reason: error.reason };
  }
}

/** What `/kubecon <text>` replies. (The board is a view of its own: see boardReply.) */
export type Reply = AnswerReply | HelpReply | ListReply | BacklogReply | DigestReply | GapsReply | ProposeReply | ProposalReply | BoardUnreachableReply;

/** What a reply is built from: the knowledge, the team's backlog, and the knowledge's gaps. */
export interface ReplyContext {
  assistant: Assistant;
  tracker: BacklogTracker;
  gaps: KnowledgeGaps;
  /** Where a failure the reply tells the person about is logged (the board unreachable); none: not logged (the command line says it itself). */
  log?: Log;
}

export interface ReplyOptions {
  /** Only the asker sees the reply (a slash command's answer), so it offers to share it. */
  privateToAsker?: boolean;
  /** The card answers a question (or is shared): it asks whether it helped. */
  votes?: boolean;
  /** Posted for everyone by someone who shared it: only the votes, nothing else to open. */
  shared?: boolean;
  /** The entry the conversation is about (a chat thread's last answer): a question may follow up on it. */
  subject?: string;
}

/** An answer as a reply: the entry's live backlog status, and what can be opened from it. */
export async function answerReply(answer: Answer, tracker: BacklogTracker, options: ReplyOptions & { suggestedCommand?: SubcommandName } = {}): Promise<AnswerReply> {
  switch (answer.kind) {
    case 'entry': {
      const row = await tracker.cardRow(answer.entry.id);
      const actions: ReplyAction[] = options.shared ? [] : answer.related.map(openAction);
      if (options.privateToAsker) actions.push({ kind: 'share', entryId: answer.entry.id, question: answer.query });
      if (options.votes) actions.push(...voteActions(answer.entry.id, answer.query));
      if (row && 'unavailable' in row) return { kind: 'answer', answer, statusUnavailable: true, actions };
      return { kind: 'answer', answer, ...(row && { tool: row }), actions };
    }
    case 'none':
      return { kind: 'answer', answer, ...(options.suggestedCommand && { suggestedCommand: options.suggestedCommand }), actions: answer.suggestions.map(openAction) };
    case 'empty':
      return { kind: 'answer', answer, actions: [] };
  }
}

/** What `/kubecon <text>` replies, whatever the surface: BOARD_UNREACHABLE when it needs the store and the store cannot be reached. */
export function replyTo(command: ParsedCommand, ctx: ReplyContext, options: ReplyOptions = {}): Promise<Reply> {
  return orBoardUnreachable(() => commandReply(command, ctx, options), ctx.log);
}

async function commandReply(command: ParsedCommand, ctx: ReplyContext, options: ReplyOptions): Promise<Reply> {
  const { assistant, tracker } = ctx;
  switch (command.name) {
    case 'help':
      return { kind: 'help', events: assistant.events, commands: SUBCOMMANDS };
    case 'list':
      return listReply(assistant.catalogue());
    case 'backlog':
      return { kind: 'backlog', rows: (await tracker.board()).map((row) => ({ ...row, open: openAction(row.item.entry) })) };
    case 'digest':
      return digestReply(await tracker.previewDigest(), { preview: true });
    case 'propose':
      return { kind: 'propose', actions: [{ kind: 'propose' }] };
    case 'ask': {
      const answer = assistant.ask(command.query, options.subject !== undefined ? { subject: options.subject } : {});
      // What the knowledge does not answer, a tool the team proposed may (`argo rollouts`, proposed last week).
      const proposed = answer.kind === 'none' ? await proposalAnswering(command.query, tracker, ctx.log) : undefined;
      if (proposed) return proposed;
      const meant = answer.kind === 'none' ? likelySubcommand(command.query) : undefined;
      return answerReply(answer, tracker, { votes: true, ...options, ...(meant && { suggestedCommand: meant }) });
    }
    case 'gaps': {
      const { unanswered, unhelpful } = await ctx.gaps.report({ limit: GAPS_SHOWN });
      return { kind: 'gaps', unanswered, unhelpful: unhelpful.slice(0, GAPS_SHOWN) };
    }
  }
}

/**
 * A proposed tool's card for a question the knowledge did not answer; none
 * when no proposal answers it, or the proposals cannot be read right now
 * (the answer goes out, the failure logged). Any other failure is a bug, and thrown.
 */
async function proposalAnswering(query: string, tracker: BacklogTracker, log: Log | undefined): Promise<ProposalReply | undefined> {
  const row = await tracker.findProposal(query).catch((error: unknown) => {
    if (!(error instanceof BoardUnreachableError)) throw error;
    log?.warn(`Could not search the proposed tools for "${query}"; answering without them:`, error);
    return undefined;
  });
  return row && proposalReply(row);
}

/** What a surface does once it has replied to a question asked in `channel`: the gaps keep the question when nothing answered it. */
export function noteReply(reply: Reply, gaps: KnowledgeGaps, channel: string): void {
  if (reply.kind === 'answer') gaps.note(reply.answer, channel);
}

function proposalReply(row: BoardRow): ProposalReply | undefined {
  if (row.item.source !== 'proposed') return undefined;
  const entryId = row.item.entry.id;
  return { kind: 'proposal', tool: { ...row, item: row.item }, actions: toolReplyActions({ entryId, ...(row.state && { state: row.state }) }) };
}

/**
 * What opening an entry id shows: a knowledge entry's card, or a proposed
 * tool's (not in the knowledge: it is in the store; BOARD_UNREACHABLE when
 * that cannot be read); undefined for neither.
 */
export async function openReply(id: string, ctx: ReplyContext, options: ReplyOptions = {}): Promise<AnswerReply | ProposalReply | BoardUnreachableReply | undefined> {
  // Both read at once: a reload between them would mix two knowledges.
  const { assistant, tracker } = ctx;
  const answer = assistant.open(id);
  if (answer) return answerReply(answer, tracker, options);
  return orBoardUnreachable(async () => {
    const row = await tracker.row(id);
    return row && proposalReply(row);
  }, ctx.log);
}

/** Whether a reply answers a question from the knowledge, finds nothing, is a command's (help, list…), or could not read the board. */
export function replyOutcome(reply: Reply): 'answered' | 'unanswered' | 'command' | 'unavailable' {
  if (reply.kind === 'proposal') return 'answered';
  if (reply.kind === 'board-unreachable') return 'unavailable';
  if (reply.kind !== 'answer') return 'command';
  return reply.answer.kind === 'entry' ? 'answered' : 'unanswered';
}

/** A digest with what can be done with its tool of the week. */
export function digestReply(digest: Digest, options: { preview: boolean }): DigestReply {
  const actions = digest.tool ? toolReplyActions({ entryId: digest.tool.entry.id, ...(digest.toolState && { state: digest.toolState }) }) : [];
  return { kind: 'digest', digest, preview: options.preview, actions };
}

/**
 * The team's board as it stands now (the App Home), or BOARD_UNREACHABLE: the
 * rows need the store; the unanswered questions beside them are left out,
 * logged, when only they cannot be read.
 */
export async function currentBoard(ctx: ReplyContext, now: Date): Promise<BoardReply | BoardUnreachableReply> {
  const { assistant, tracker, gaps, log } = ctx;
  const unanswered = gaps.report({ limit: BOARD_UNANSWERED }).then(
    (report) => report.unanswered,
    (error: unknown) => {
      log?.error('Could not read the unanswered questions for the board:', error);
      return [];
    },
  );
  return orBoardUnreachable(async () => {
    const [rows, questions] = await Promise.all([tracker.board(), unanswered]);
    return boardReply(rows, tracker.nextRun(), reviewsDue(assistant.entries, now), questions);
  }, log);
}

/** The board from the backlog's rows (tracker.board()) and the next digest's date. */
export function boardReply(
  rows: readonly BoardRow[],
  nextRun: Date | undefined,
  reviews?: BoardReply['reviews'],
  unanswered: readonly UnansweredQuestion[] = [],
): BoardReply {
  return {
    kind: 'board',
    ...(nextRun && { nextRun }),
    ...(reviews && { reviews }),
    unanswered: unanswered.slice(0, BOARD_UNANSWERED),
    rows: rows.map((row) => ({ ...row, open: openAction(row.item.entry), actions: toolReplyActions({ entryId: row.item.entry.id, ...(row.state && { state: row.state }) }) })),
    actions: [{ kind: 'propose' }],
  };
}

function listReply(catalogue: readonly EventCatalogue[]): ListReply {
  let count = 0;
  const events = catalogue.map(({ event, groups }) => ({
    event,
    groups: groups.map(({ group, entries }) => {
      count += entries.length;
      return { group, actions: entries.map(openAction) };
    }),
  }));
  return { kind: 'list', count, events };
}
