import { SLASH_COMMAND } from '../core/commands.js';
import { PROPOSE_COMMAND_EXAMPLE } from '../core/proposal.js';
import type { Digest } from '../core/digest.js';
import { latestVerdict } from '../core/tool-status.js';
import type { BacklogItem } from '../core/backlog.js';
import type { Entry } from '../core/entry.js';
import type { AnswerReply, BacklogReply, GapsReply, HelpReply, ListReply, ProposalReply, Reply, ReplyAction } from '../core/reply.js';
import type { ToolState } from '../core/store.js';
import type { Strings } from '../locale/index.js';
import { formatDay, formatList, formatWhen } from '../locale/format.js';

// A reply as terminal text: the same content, actions and order as the Slack
// message, laid out for a terminal (a blank line between blocks, buttons as
// `[1] label` that a person presses by typing the number).

export interface TerminalStyle {
  bold(text: string): string;
  dim(text: string): string;
  italic(text: string): string;
}

export const PLAIN: TerminalStyle = { bold: (t) => t, dim: (t) => t, italic: (t) => t };
export const ANSI: TerminalStyle = {
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
  // 22 ends bold and dim alike: a bold word inside a dim line would end the dim.
  dim: (t) => `\x1b[2m${t.replaceAll('\x1b[22m', '\x1b[22m\x1b[2m')}\x1b[22m`,
  italic: (t) => `\x1b[3m${t}\x1b[23m`,
};

const PRIORITY_EMOJI: Record<string, string> = { high: '🔴', normal: '🟠', low: '⚪' };
const MATURITY_EMOJI: Record<string, string> = { sandbox: '🌱', incubating: '🐣', graduated: '🎓' };

const STYLE_CODE = /\x1b\[[0-9;]*m/g;
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// Built from a string: TypeScript accepts the `v` flag only when targeting ES2024.
const WIDE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const EAST_ASIAN_WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** The columns `text` takes in a terminal: styles none, emoji and East Asian wide characters two. */
export function terminalWidth(text: string): number {
  let width = 0;
  for (const { segment } of GRAPHEMES.segment(text.replace(STYLE_CODE, ''))) width += WIDE_EMOJI.test(segment) || EAST_ASIAN_WIDE.test(segment) ? 2 : 1;
  return width;
}

// Between buttons, and around a context's `·`: where a row had best break.
const WIDE_GAP = /( {2,}(?:· +)?)/;

/**
 * Breaks a line at its spaces so that no row is wider than `width` columns,
 * at the wide gaps between buttons and list items where it can, so that a
 * button's label stays on one row. Rows after the first are indented like the
 * line's text (under a bullet's text). A word wider than a row keeps a row of
 * its own, whole: a URL cut in two no longer opens.
 */
export function wrapLine(line: string, width: number): string[] {
  if (terminalWidth(line) <= width) return [line];
  const lead = /^ *(?:[•◦▪-] +)?/.exec(line)![0];
  const indent = terminalWidth(lead) <= width / 2 ? ' '.repeat(terminalWidth(lead)) : '';
  const room = width - indent.length;
  // A piece too wide for any row is cut at its single spaces, and starts a row.
  const pieces: { gap: string; text: string; startsRow?: boolean }[] = [];
  const wide = line.slice(lead.length).split(WIDE_GAP);
  for (let i = 0; i < wide.length; i += 2) {
    const gap = wide[i - 1] ?? '';
    const piece = wide[i]!;
    if (terminalWidth(piece) <= room) {
      if (piece) pieces.push({ gap, text: piece });
      continue;
    }
    const words = piece.split(/( +)/);
    for (let j = 0; j < words.length; j += 2) if (words[j]) pieces.push({ gap: j === 0 ? gap : words[j - 1]!, text: words[j]!, startsRow: j === 0 });
  }
  const rows = [lead];
  for (const { gap, text, startsRow } of pieces) {
    const row = rows.at(-1)!;
    const fresh = row === lead || row === indent;
    if (fresh) rows[rows.length - 1] = row + text;
    else if (!startsRow && terminalWidth(row + gap + text) <= width) rows[rows.length - 1] = row + gap + text;
    else rows.push(indent + text);
  }
  return rows;
}

/** `text` with each of its lines wrapped to `width` columns (see wrapLine). */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width))
    .join('\n');
}

export interface RenderedButton {
  index: number;
  action: ReplyAction;
}

export interface TerminalOptions {
  style?: TerminalStyle;
  /** Number the buttons so they can be pressed (the console); a one-shot command shows `[label]`. */
  numberButtons?: boolean;
  /** What people type on this surface to run a subcommand: `/kubecon` (default), `kubecon-bot` in a shell. */
  command?: string;
  timeZone: string;
  /** Wrap on words to this many columns (a terminal's width). */
  width?: number;
}

/**
 * Knowledge Markdown → terminal text: `[label](url)` as `label (url)`, bold
 * and emphasis styled, inline code kept as written.
 */
export function markdownToTerminal(markdown: string, style: TerminalStyle): string {
  return markdown
    .trim()
    .replace(
      /(`[^`\n]*`)|\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*\n]+)\*\*|__([^_\n]+)__|(?<![\p{L}\p{N}*_])[*_]([^*_\n]+)[*_](?![\p{L}\p{N}*_])/gu,
      (raw, code?: string, label?: string, url?: string, strong?: string, strong2?: string, em?: string) => {
        if (code) return code;
        if (label) return `${label} (${url})`;
        if (strong ?? strong2) return style.bold((strong ?? strong2)!);
        return em ? style.italic(em) : raw;
      },
    );
}

/**
 * A locale string filled in for the terminal: its own `*bold*` is styled,
 * the arguments (a title, a person) go in as they are.
 */
function say<P extends unknown[]>(style: TerminalStyle, template: (...args: P) => string, ...args: P): string {
  const holes = args.map((arg, i) => (typeof arg === 'number' ? arg : `\u0000${i}\u0000`)) as P;
  return catalogueText(template(...holes), style).replace(/\u0000(\d+)\u0000/g, (_, i: string) => String(args[Number(i)]));
}

/** The catalogue's own markup: `*bold*`. */
const catalogueText = (text: string, style: TerminalStyle) =>
  text.replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, (_, pre: string, t: string) => `${pre}${style.bold(t)}`);

const mention = (userId: string) => `@${userId}`;

const truncate = (text: string, max: number) => {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

/** Blocks of lines, a blank line between them; buttons stay under the block above. */
class Layout {
  private readonly lines: string[] = [];
  readonly buttons: RenderedButton[] = [];

  constructor(
    private readonly options: Required<Omit<TerminalOptions, 'timeZone' | 'width'>> & { width?: number },
    private readonly strings: Strings,
  ) {}

  private block(...lines: string[]): void {
    if (this.lines.length > 0) this.lines.push('');
    this.lines.push(...lines);
  }

  header(title: string): void {
    this.block(this.options.style.bold(title), '═'.repeat(Math.min(60, this.options.width ?? 60, terminalWidth(title))));
  }

  section(text: string, accessory?: ReplyAction): void {
    this.block(text, ...(accessory ? [`  ${this.button(accessory)}`] : []));
  }

  context(text: string): void {
    this.block(this.options.style.dim(text));
  }

  divider(): void {
    this.block('─'.repeat(40));
  }

  actions(actions: readonly ReplyAction[]): void {
    if (actions.length > 0) this.lines.push(actions.map((a) => this.button(a)).join('   '));
  }

  private button(action: ReplyAction): string {
    const label = actionLabel(action, this.strings);
    if (!this.options.numberButtons) return `[${label}]`;
    const index = this.buttons.length + 1;
    this.buttons.push({ index, action });
    return `[${index}] ${label}`;
  }

  text(): string {
    const output = this.lines.join('\n');
    return this.options.width ? wrapText(output, this.options.width) : output;
  }
}

function actionLabel(action: ReplyAction, strings: Strings): string {
  switch (action.kind) {
    case 'open':
      return action.entry.title;
    case 'share':
      return strings.card.share;
    case 'claim':
      return strings.digest.claim;
    case 'verdict':
      return strings.digest.tested;
    case 'dismiss':
      return strings.digest.dismiss;
    case 'vote':
      return action.helpful ? strings.vote.helpful : strings.vote.unhelpful;
    case 'propose':
      return strings.propose.button;
  }
}

/** One line saying where a tool stands: who is on it, the verdict, or the dismissal. */
function describeToolState(state: ToolState | undefined, strings: Strings, style: TerminalStyle): string {
  const dismissed = state?.dismissed;
  const verdict = latestVerdict(state);
  if (dismissed) {
    const reason = dismissed.reason ? `${strings.colon}${dismissed.reason}` : '';
    return `🚫 ${say(style, strings.status.dismissed, mention(dismissed.by))}${reason}`;
  }
  if (verdict) {
    const comment = verdict.comment ? `${strings.colon}${style.italic(truncate(verdict.comment, 300))}` : '';
    return `✅ ${say(style, strings.status.evaluated, strings.verdictShort[verdict.verdict], mention(verdict.by))}${comment}`;
  }
  if (state?.claimedBy) return `🙋 ${say(style, strings.status.claimed, mention(state.claimedBy))}`;
  return `⏳ ${strings.status.open}`;
}

const bullets = (items: readonly string[]) => items.map((item) => `• ${item}`).join('\n');
const linkText = (link: Entry['links'][number]) => `${link.title} (${link.url})`;

function answer(reply: AnswerReply, layout: Layout, strings: Strings, style: TerminalStyle, command: string): void {
  const { answer } = reply;
  switch (answer.kind) {
    case 'empty':
      layout.section(strings.empty);
      return;
    case 'none':
      layout.section(strings.none.title(answer.query));
      if (reply.suggestedCommand) layout.section(strings.none.command(`${command} ${reply.suggestedCommand}`));
      if (reply.actions.length > 0) {
        layout.section(strings.none.didYouMean);
        layout.actions(reply.actions);
      }
      layout.context(strings.none.hint(`${command} list`));
      return;
    case 'entry': {
      const { entry, backlog } = answer;
      const { tool } = reply;
      const settled = tool?.status === 'evaluated' || tool?.status === 'dismissed';
      const badges: string[] = [];
      if (entry.cncf_maturity) badges.push(`${MATURITY_EMOJI[entry.cncf_maturity]} ${style.bold(strings.maturityBadge(entry.cncf_maturity))}`);
      badges.push(style.italic(strings.kind[entry.kind]));
      badges.push(strings.card.event(answer.event.title));
      if (backlog && !settled) badges.push(`${PRIORITY_EMOJI[backlog.priority]} ${style.bold(strings.card.toTry(strings.priority[backlog.priority]))}`);
      if (tool) badges.push(describeToolState(tool.state, strings, style));
      if (reply.statusUnavailable) badges.push(`❔ ${strings.card.statusUnavailable}`);
      layout.header(entry.title);
      layout.context(badges.join('  ·  '));
      layout.section(markdownToTerminal(entry.summary, style));
      if (entry.key_points.length > 0) {
        layout.section(`${style.bold(strings.card.keyPoints)}\n${bullets(entry.key_points.map((p) => markdownToTerminal(p, style)))}`);
      }
      if (backlog) layout.section(`🧪 ${markdownToTerminal(backlog.reason, style)}`);
      if (entry.links.length > 0) layout.section(`${style.bold(strings.card.links)}\n${bullets(entry.links.map(linkText))}`);
      layout.context([strings.card.source(entry.source.title, entry.source.publisher), ...(entry.reviewed ? [strings.card.reviewed(formatDay(entry.reviewed, strings))] : [])].join('  ·  '));
      if (answer.related.length > 0) layout.section(style.bold(strings.card.related));
      layout.actions(reply.actions);
      return;
    }
  }
}

function help(reply: HelpReply, layout: Layout, strings: Strings, style: TerminalStyle): void {
  const covers = strings.help.covers(formatList(reply.events.map((e) => e.title), strings), reply.events.length);
  const lines = [
    `• \`${SLASH_COMMAND} <question>\`${strings.colon}${strings.help.commands.ask}`,
    ...reply.commands.map((c) => {
      const aliases = c.aliases.map((a) => `\`${a}\``);
      const also = aliases.length > 0 ? ` (${aliases.join(', ')})` : '';
      return `• \`${SLASH_COMMAND} ${c.name}\`${also}${strings.colon}${strings.help.commands[c.name]}`;
    }),
  ];
  layout.header(strings.help.title);
  layout.context(covers);
  layout.section(`${style.bold(strings.help.usage)}\n${lines.join('\n')}`);
  layout.context(strings.help.mention);
}

function list(reply: ListReply, layout: Layout, strings: Strings, style: TerminalStyle): void {
  layout.header(strings.list.title);
  layout.context(strings.list.count(reply.count));
  for (const { event, groups } of reply.events) {
    layout.divider();
    layout.section(`📅 ${style.bold(event.title)}`);
    for (const { group, actions } of groups) {
      layout.section(`${style.bold(strings.group[group])} (${actions.length})`);
      layout.actions(actions);
    }
  }
}

const titleWithPriority = (item: BacklogItem, strings: Strings, style: TerminalStyle) =>
  `${PRIORITY_EMOJI[item.priority]} ${style.bold(item.entry.title)} · ${strings.priority[item.priority]}`;

function backlog(reply: BacklogReply, layout: Layout, strings: Strings, style: TerminalStyle): void {
  if (reply.rows.length === 0) {
    layout.section(strings.backlog.empty);
    return;
  }
  layout.header(strings.backlog.title);
  layout.context(strings.backlog.intro);
  for (const { item, state, open } of reply.rows) {
    layout.section(`${titleWithPriority(item, strings, style)}\n${toolReason(item, style)}\n${describeToolState(state, strings, style)}`, open);
  }
}

function digestPreview(digest: Digest, actions: readonly ReplyAction[], layout: Layout, strings: Strings, style: TerminalStyle, timeZone: string): void {
  layout.context(`📅 ${digest.nextRun ? strings.digest.preview(formatWhen(digest.nextRun, strings, timeZone)) : strings.digest.notScheduled}`);
  layout.header(strings.digest.title);
  const { tool, summary } = digest;
  if (!tool) layout.section(strings.digest.noTool);
  else {
    layout.section(`${titleWithPriority(tool, strings, style)}\n${tool.source === 'proposed' ? proposedBy(tool, strings, style) : markdownToTerminal(tool.entry.summary, style)}`);
    layout.section(`${style.bold(strings.digest.why)}\n${toolReason(tool, style)}`);
    if (tool.entry.links.length > 0) layout.context(tool.entry.links.map(linkText).join('  ·  '));
    layout.context(describeToolState(digest.toolState, strings, style));
    layout.actions(actions);
  }
  const lines: string[] = [];
  if (summary.claimed.length > 0) {
    lines.push(style.bold(strings.digest.claimedList), ...summary.claimed.map((c) => `• ${c.item.entry.title}${strings.colon}${say(style, strings.status.claimed, mention(c.by))}`));
  }
  if (summary.verdictsSince.length > 0) {
    const titleOf = (id: string) => summary.evaluated.find((e) => e.item.entry.id === id)?.item.entry.title ?? id;
    lines.push(
      style.bold(digest.since ? strings.digest.verdictsSince : strings.digest.verdictsAll),
      ...summary.verdictsSince.map(
        (v) =>
          `• ${titleOf(v.entryId)}${strings.colon}${say(style, strings.status.evaluated, strings.verdictShort[v.verdict], mention(v.by))}${v.comment ? `${strings.colon}${style.italic(truncate(v.comment, 200))}` : ''}`,
      ),
    );
  }
  lines.push(
    style.bold(strings.digest.left(summary.open.length)),
    summary.open.length > 0 ? summary.open.map((i) => `${PRIORITY_EMOJI[i.priority]} ${i.entry.title}`).join('  ·  ') : strings.digest.nothingLeft,
  );
  if (summary.dismissed.length > 0) lines.push(`${style.bold(strings.digest.dismissedList)}${strings.colon}${summary.dismissed.map((i) => i.entry.title).join(', ')}`);
  layout.divider();
  layout.section(style.bold(strings.digest.state));
  layout.section(lines.join('\n'));
  if (digest.unanswered) layout.context(`❔ ${strings.gaps.digestLine(digest.unanswered.count, truncate(digest.unanswered.top, 200))}`);
}

/** `gaps`: the most asked unanswered questions, then the answers found unhelpful (as Slack shows them). */
function gaps(reply: GapsReply, layout: Layout, strings: Strings, style: TerminalStyle, timeZone: string): void {
  const { unanswered, unhelpful } = reply;
  layout.header(strings.gaps.title);
  const questionLines = unanswered.map((q) => `• ${style.bold(truncate(q.question, 200))}  ·  ${strings.gaps.asked(q.count, formatWhen(q.lastAsked, strings, timeZone), q.channels)}`);
  layout.section(`${style.bold(strings.gaps.unanswered)}\n${questionLines.length > 0 ? questionLines.join('\n') : strings.gaps.noUnanswered}`);
  const unhelpfulLines = unhelpful.map((u) => `• ${style.bold(truncate(u.question, 200))}  ·  ${strings.gaps.unhelpfulVotes(u.entryId, u.count)}`);
  layout.section(`${style.bold(strings.gaps.unhelpful)}\n${unhelpfulLines.length > 0 ? unhelpfulLines.join('\n') : strings.gaps.noUnhelpful}`);
}

// --- s3/propose ---

const proposedBy = (item: Extract<BacklogItem, { source: 'proposed' }>, strings: Strings, style: TerminalStyle) =>
  say(style, strings.propose.proposedBy, item.proposedBy, item.proposedAt.toISOString().slice(0, 10));

/** A tool's reason: the knowledge's Markdown for the recap's, the text as typed for a proposed one. */
const toolReason = (item: BacklogItem, style: TerminalStyle) => (item.source === 'proposed' ? item.reason : markdownToTerminal(item.reason, style));

/** A proposed tool's card, as Slack shows it (renderProposal). */
function proposal(reply: ProposalReply, layout: Layout, strings: Strings, style: TerminalStyle): void {
  const { item, state } = reply.tool;
  layout.header(item.entry.title);
  layout.section(`${titleWithPriority(item, strings, style)}\n🧪 ${item.reason}`);
  layout.section(`${style.bold(strings.card.links)}\n• ${item.url}`);
  layout.context(`${proposedBy(item, strings, style)}  ·  ${describeToolState(state, strings, style)}`);
  layout.actions(reply.actions);
}

/** The terminal text of a reply, and the numbered buttons a person can press by typing the number. */
export function renderReplyForTerminal(reply: Reply | ProposalReply, strings: Strings, options: TerminalOptions): { text: string; buttons: RenderedButton[] } {
  const style = options.style ?? PLAIN;
  const command = options.command ?? SLASH_COMMAND;
  const layout = new Layout({ style, numberButtons: options.numberButtons ?? true, command, ...(options.width && { width: options.width }) }, strings);
  switch (reply.kind) {
    case 'answer':
      answer(reply, layout, strings, style, command);
      break;
    case 'help':
      help(reply, layout, strings, style);
      break;
    case 'list':
      list(reply, layout, strings, style);
      break;
    case 'backlog':
      backlog(reply, layout, strings, style);
      break;
    case 'digest':
      digestPreview(reply.digest, reply.actions, layout, strings, style, options.timeZone);
      break;
    case 'gaps':
      gaps(reply, layout, strings, style, options.timeZone);
      break;
    case 'propose':
      layout.section(strings.propose.title);
      layout.context(`${strings.propose.elsewhere} ${PROPOSE_COMMAND_EXAMPLE}`);
      layout.actions(reply.actions);
      break;
    case 'proposal':
      proposal(reply, layout, strings, style);
      break;
    case 'board-unreachable':
      layout.section(strings.errors.boardUnreachable);
      break;
  }
  return { text: layout.text(), buttons: layout.buttons };
}

/** An answer on one line (`kubecon-bot ask` reading queries from standard input). */
export function answerLine(reply: AnswerReply, strings: Strings): string {
  const { answer } = reply;
  switch (answer.kind) {
    case 'empty':
      return strings.empty;
    case 'none': {
      const suggestions = answer.suggestions.length > 0 ? ` ${strings.none.didYouMean} ${answer.suggestions.map((e) => e.title).join(', ')}` : '';
      return `${strings.none.title(answer.query)}${suggestions}`;
    }
    case 'entry': {
      const { entry } = answer;
      const maturity = entry.cncf_maturity ? ` (${strings.maturityBadge(entry.cncf_maturity)})` : '';
      return `${entry.title}${maturity}${strings.colon}${entry.summary}`.replace(/\s*\n\s*/g, ' ');
    }
  }
}
