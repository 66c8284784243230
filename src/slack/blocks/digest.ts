import type { ActionsBlock, Button, HomeView, KnownBlock, ModalView } from '@slack/types';
import type { BacklogItem } from '../../core/backlog.js';
import type { Digest } from '../../core/digest.js';
import { toolActions, toolStanding, type ToolAction } from '../../core/tool-status.js';
import type { BoardRow } from '../../core/tracker.js';
import type { Strings } from '../../locale/index.js';
import { formatWhen } from '../../locale/format.js';
import { VERDICTS, type ToolState } from '../../core/store.js';
import { openEntryButton, PRIORITY_EMOJI } from './elements.js';
import { fitToSlackLimits, SLACK_LIMITS, slackMessage, truncate, type SlackMessage } from './limits.js';
import { joinMrkdwn, link, markdownToMrkdwn, md, mention, mrkdwnText, plainText, say, text, type Mrkdwn } from './mrkdwn.js';

export const ACTION_CLAIM = 'digest_claim';
export const ACTION_VERDICT = 'digest_verdict';
export const ACTION_DISMISS = 'digest_dismiss';
export const VIEW_VERDICT = 'verdict_modal';
export const VIEW_DISMISS = 'dismiss_modal';
export const BLOCK_VERDICT = 'verdict';
const BLOCK_COMMENT = 'comment';
export const BLOCK_REASON = 'reason';

/** One line saying where a tool stands (see toolStanding): who is on it, the verdict, or the dismissal. */
export function describeToolState(state: ToolState | undefined, strings: Strings): Mrkdwn {
  const standing = toolStanding(state);
  switch (standing.status) {
    case 'dismissed': {
      const { by, reason } = standing.dismissal;
      return md`:no_entry_sign: ${say(strings.status.dismissed, mention(by))}${reason ? md`${strings.colon}${reason}` : ''}`;
    }
    case 'evaluated': {
      const { verdict, by, comment } = standing.verdict;
      return md`:white_check_mark: ${say(strings.status.evaluated, strings.verdictShort[verdict], mention(by))}${comment ? md`${strings.colon}_${truncate(comment, 300)}_` : ''}`;
    }
    case 'claimed':
      return md`:raising_hand: ${say(strings.status.claimed, mention(standing.by))}`;
    case 'open':
      return md`:hourglass_flowing_sand: ${strings.status.open}`;
  }
}

/** A claim, verdict or dismiss button for a tool. */
export function toolButton(action: ToolAction, entryId: string, strings: Strings): Button {
  const labels: Record<ToolAction, string> = { claim: strings.digest.claim, verdict: strings.digest.tested, dismiss: strings.digest.dismiss };
  const ids: Record<ToolAction, string> = { claim: ACTION_CLAIM, verdict: ACTION_VERDICT, dismiss: ACTION_DISMISS };
  return {
    type: 'button',
    text: plainText(labels[action]),
    action_id: ids[action],
    value: entryId,
    ...(action === 'claim' && { style: 'primary' as const }),
  };
}

/** One button per action the tool's state allows (the same rule checks each click). */
function toolButtons(entryId: string, strings: Strings, state?: ToolState): Button[] {
  return toolActions(state).map((action) => toolButton(action, entryId, strings));
}

const titleWithPriority = (item: BacklogItem, strings: Strings) => md`${PRIORITY_EMOJI[item.priority]!} *${item.entry.title}* · ${strings.priority[item.priority]}`;

function toolOfTheWeek(digest: Digest, strings: Strings): KnownBlock[] {
  const { tool } = digest;
  if (!tool) return [{ type: 'section', text: mrkdwnText(text(strings.digest.noTool)) }];
  const { entry } = tool;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwnText(md`${titleWithPriority(tool, strings)}\n${markdownToMrkdwn(entry.summary)}`) },
    { type: 'section', text: mrkdwnText(md`*${strings.digest.why}*\n${markdownToMrkdwn(tool.reason)}`) },
  ];
  if (entry.links.length > 0) {
    blocks.push({ type: 'context', elements: [mrkdwnText(joinMrkdwn(entry.links.map((l) => link(l.url, l.title)), '  ·  '))] });
  }
  blocks.push({ type: 'context', elements: [mrkdwnText(describeToolState(digest.toolState, strings))] });
  const buttons = toolButtons(entry.id, strings, digest.toolState);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: `tool:${entry.id}`, elements: buttons } satisfies ActionsBlock);
  return blocks;
}

function backlogState(digest: Digest, strings: Strings): KnownBlock[] {
  const { summary } = digest;
  const lines: Mrkdwn[] = [];
  if (summary.claimed.length > 0) {
    lines.push(md`*${strings.digest.claimedList}*`, ...summary.claimed.map((c) => md`• ${c.item.entry.title}${strings.colon}${say(strings.status.claimed, mention(c.by))}`));
  }
  if (summary.verdictsSince.length > 0) {
    const titleOf = (id: string) => summary.evaluated.find((e) => e.item.entry.id === id)?.item.entry.title ?? id;
    lines.push(
      md`*${digest.since ? strings.digest.verdictsSince : strings.digest.verdictsAll}*`,
      ...summary.verdictsSince.map(
        (v) => md`• ${titleOf(v.entryId)}${strings.colon}${say(strings.status.evaluated, strings.verdictShort[v.verdict], mention(v.by))}${v.comment ? md`${strings.colon}_${truncate(v.comment, 200)}_` : ''}`,
      ),
    );
  }
  lines.push(
    md`*${strings.digest.left(summary.open.length)}*`,
    summary.open.length > 0 ? joinMrkdwn(summary.open.map((i) => md`${PRIORITY_EMOJI[i.priority]!} ${i.entry.title}`), '  ·  ') : text(strings.digest.nothingLeft),
  );
  if (summary.dismissed.length > 0) lines.push(md`*${strings.digest.dismissedList}*${strings.colon}${summary.dismissed.map((i) => i.entry.title).join(', ')}`);
  return [
    { type: 'divider' },
    { type: 'section', text: mrkdwnText(md`*${strings.digest.state}*`) },
    { type: 'section', text: mrkdwnText(joinMrkdwn(lines, '\n')) },
  ];
}

/** The weekly digest: the tool of the week with its buttons, then the backlog's state. */
export function renderDigest(digest: Digest, strings: Strings, timeZone: string, options: { preview?: boolean; scheduled?: boolean } = {}): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (options.preview) {
    const note = digest.nextRun ? strings.digest.preview(formatWhen(digest.nextRun, strings, timeZone)) : strings.digest.notScheduled;
    blocks.push({ type: 'context', elements: [mrkdwnText(md`:calendar: ${note}`)] });
  }
  blocks.push({ type: 'header', text: plainText(strings.digest.title) });
  blocks.push(...toolOfTheWeek(digest, strings), ...backlogState(digest, strings));
  if (!options.preview && digest.nextRun) {
    blocks.push({ type: 'context', elements: [mrkdwnText(md`:calendar: ${strings.digest.next(formatWhen(digest.nextRun, strings, timeZone))}`)] });
  }
  return slackMessage(text(digest.tool ? strings.digest.fallback(digest.tool.entry.title) : strings.digest.noTool), blocks);
}

/** The App Home tab: the team's board, next digest date on top. */
export function renderHome(rows: readonly BoardRow[], nextRun: Date | undefined, strings: Strings, timeZone: string): HomeView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(strings.home.title) },
    { type: 'context', elements: [mrkdwnText(md`:calendar: ${nextRun ? strings.digest.next(formatWhen(nextRun, strings, timeZone)) : strings.digest.notScheduled}`)] },
    { type: 'section', text: mrkdwnText(text(strings.home.intro)) },
  ];
  if (rows.length === 0) blocks.push({ type: 'section', text: mrkdwnText(text(strings.home.empty)) });
  for (const row of rows) {
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      text: mrkdwnText(md`${titleWithPriority(row.item, strings)}\n${markdownToMrkdwn(row.item.reason)}\n${describeToolState(row.state, strings)}`),
      accessory: openEntryButton(row.item.entry),
    });
    const earlier = (row.state?.verdicts ?? []).slice(0, -1);
    if (earlier.length > 0) {
      blocks.push({
        type: 'context',
        elements: [mrkdwnText(joinMrkdwn(earlier.map((v) => say(strings.status.evaluated, strings.verdictShort[v.verdict], mention(v.by))), '  ·  '))],
      });
    }
    const buttons = toolButtons(row.item.entry.id, strings, row.state);
    if (buttons.length > 0) blocks.push({ type: 'actions', block_id: `tool:${row.item.entry.id}`, elements: buttons });
  }
  const fitted = slackMessage(text(strings.home.title), blocks, SLACK_LIMITS.viewBlocks);
  return { type: 'home', blocks: fitted.blocks };
}

/** An entry's card in a modal (from the App Home, where there is no message to answer). */
export function entryModal(title: string, card: SlackMessage, strings: Strings): ModalView {
  return {
    type: 'modal',
    title: plainText(truncate(title, 24)),
    close: plainText(strings.modal.close),
    blocks: fitToSlackLimits(card, SLACK_LIMITS.viewBlocks).blocks,
  };
}

/** Context carried through a modal, so its submission knows what to update. */
export interface ModalContext {
  entryId: string;
  channel?: string;
  ts?: string;
}

/** A modal that submits to `callbackId`, carrying `context` to its submission handler. */
function backlogModal(callbackId: string, title: string, context: ModalContext, strings: Strings, blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: JSON.stringify(context),
    title: plainText(truncate(title, 24)),
    submit: plainText(strings.modal.submit),
    close: plainText(strings.modal.cancel),
    blocks,
  };
}

export function verdictModal(item: BacklogItem, context: ModalContext, strings: Strings): ModalView {
  return backlogModal(VIEW_VERDICT, strings.modal.verdictTitle, context, strings, [
    {
      type: 'input',
      block_id: BLOCK_VERDICT,
      label: plainText(truncate(strings.modal.verdictLabel(item.entry.title), 2000)),
      element: {
        type: 'radio_buttons',
        action_id: BLOCK_VERDICT,
        options: VERDICTS.map((v) => ({ text: plainText(strings.verdict[v]), value: v })),
      },
    },
    {
      type: 'input',
      block_id: BLOCK_COMMENT,
      optional: true,
      label: plainText(strings.modal.commentLabel),
      element: { type: 'plain_text_input', action_id: BLOCK_COMMENT, multiline: true, max_length: 1000, placeholder: plainText(strings.modal.commentPlaceholder) },
    },
  ]);
}

export function dismissModal(item: BacklogItem, context: ModalContext, strings: Strings): ModalView {
  return backlogModal(VIEW_DISMISS, strings.modal.dismissTitle, context, strings, [
    { type: 'section', text: mrkdwnText(md`*${item.entry.title}*`) },
    {
      type: 'input',
      block_id: BLOCK_REASON,
      optional: true,
      label: plainText(strings.modal.reasonLabel),
      element: { type: 'plain_text_input', action_id: BLOCK_REASON, multiline: true, max_length: 500 },
    },
  ]);
}
