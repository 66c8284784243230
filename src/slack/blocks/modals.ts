import type { KnownBlock, ModalView } from '@slack/types';
import type { BacklogItem } from '../../core/backlog.js';
import { VERDICTS } from '../../core/store.js';
import type { Strings } from '../../locale/index.js';
import { PROPOSAL_LIMITS } from '../../core/proposal.js';
import { BLOCK_COMMENT, BLOCK_REASON, BLOCK_VERDICT, PROPOSAL_BLOCKS, VIEW_DISMISS, VIEW_PROPOSE, VIEW_VERDICT } from './ids.js';
import { fitToSlackLimits, SLACK_LIMITS, truncate, type SlackMessage } from './limits.js';
import { md, mrkdwnText, plainText } from './mrkdwn.js';

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

// --- s3/propose ---
const PRIORITY_CHOICES = ['high', 'normal', 'low'] as const;

/** "Propose a tool": name, link, why, priority (normal unless changed); the core validates the submission. */
export function proposeModal(strings: Strings): ModalView {
  const { propose } = strings;
  const priority = (p: (typeof PRIORITY_CHOICES)[number]) => ({ text: plainText(strings.priority[p]), value: p });
  const input = (block: string, label: string, element: Record<string, unknown>) => ({ type: 'input' as const, block_id: block, label: plainText(label), element: { ...element, action_id: block } });
  return {
    type: 'modal',
    callback_id: VIEW_PROPOSE,
    title: plainText(truncate(propose.title, 24)),
    submit: plainText(propose.submit),
    close: plainText(strings.modal.cancel),
    blocks: [
      input(PROPOSAL_BLOCKS.title, propose.nameLabel, { type: 'plain_text_input', max_length: PROPOSAL_LIMITS.title.max, placeholder: plainText(propose.namePlaceholder) }),
      input(PROPOSAL_BLOCKS.url, propose.urlLabel, { type: 'url_text_input', placeholder: plainText(propose.urlPlaceholder) }),
      input(PROPOSAL_BLOCKS.reason, propose.reasonLabel, { type: 'plain_text_input', multiline: true, max_length: PROPOSAL_LIMITS.reason.max, placeholder: plainText(propose.reasonPlaceholder) }),
      input(PROPOSAL_BLOCKS.priority, propose.priorityLabel, { type: 'static_select', options: PRIORITY_CHOICES.map(priority), initial_option: priority('normal') }),
    ] as KnownBlock[],
  };
}
