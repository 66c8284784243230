import type { TrackerRefusal } from '../../../core/tracker.js';
import { dismissModal, verdictModal } from '../../blocks/modals.js';
import { mention, say, text, type Mrkdwn } from '../../blocks/mrkdwn.js';
import type { SlackDeps } from '../../deps.js';
import { refreshBacklogViews } from '../../refresh.js';
import { orTellClicker, readClick, tellClicker, type ButtonArgs } from './click.js';

/** What to say about a clicked tool that is not in the backlog: gone from the knowledge, or never a tool to try. */
function notATool(deps: SlackDeps, entryId: string): Mrkdwn {
  const entry = deps.ctx.assistant.entry(entryId);
  return text(entry ? deps.ctx.strings.errors.notInBacklog(entry.title) : deps.ctx.strings.errors.unknownEntry(entryId));
}

/** Why a click did nothing, for whoever clicked: the button was drawn before the tool changed. */
function describeRefusal(deps: SlackDeps, refusal: TrackerRefusal, entryId: string): Mrkdwn {
  const { strings, assistant } = deps.ctx;
  const title = assistant.entry(entryId)?.title ?? entryId;
  switch (refusal.reason) {
    case 'not-in-backlog':
      return notATool(deps, entryId);
    case 'claimed':
      return say(strings.digest.alreadyClaimed, mention(refusal.by), title);
    case 'dismissed':
      return say(strings.digest.alreadyDismissed, mention(refusal.by), title);
    case 'evaluated':
      return say(strings.digest.alreadyEvaluated, strings.verdictShort[refusal.verdict], mention(refusal.by), title);
  }
}

/**
 * "Je m'en occupe": records who, then the message updates to show it. A tool
 * someone else is on stays theirs, and one with a verdict or dismissed takes
 * no claim, whatever the clicked message still shows; a claim made anywhere
 * but on a posted digest (a preview) is confirmed to the person who clicked.
 */
export function createClaimHandler(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(deps, args.body);
    if (!click) return;
    const { tracker, strings, assistant } = deps.ctx;
    const title = assistant.entry(click.entryId)?.title ?? click.entryId;
    await orTellClicker(deps, args, click, `claim ${click.entryId}`, async () => {
      const result = await tracker.claim(click.entryId, click.userId);
      if (!result.ok) {
        await tellClicker(deps, args, click, describeRefusal(deps, result, click.entryId));
        return;
      }
      await refreshBacklogViews(deps, args.client, { userId: click.userId, ...click.where });
      const onPostedDigest = click.where.channel && click.where.ts && (await tracker.findDigest(click.where.channel, click.where.ts));
      if (click.hasResponseUrl && !onPostedDigest) await tellClicker(deps, args, click, text(strings.digest.claimNoted(title)));
    });
  };
}

/** "Testé" and "Pas pour nous" open a modal; the submission records it (see listeners/views). */
export function createOpenModalHandler(deps: SlackDeps, kind: 'verdict' | 'dismiss') {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(deps, args.body);
    if (!click) return;
    await orTellClicker(deps, args, click, `open the ${kind} modal of ${click.entryId}`, async () => {
      // Checked again on submission: the tool may change while the modal is open.
      const [refusal, row] = await Promise.all([deps.ctx.tracker.refusal(click.entryId, kind, click.userId), deps.ctx.tracker.row(click.entryId)]);
      if (refusal || !row) {
        await tellClicker(deps, args, click, describeRefusal(deps, refusal ?? { reason: 'not-in-backlog' }, click.entryId));
        return;
      }
      const view = kind === 'verdict' ? verdictModal(row.item, click.where, deps.ctx.strings) : dismissModal(row.item, click.where, deps.ctx.strings);
      try {
        await args.client.views.open({ trigger_id: click.triggerId, view });
      } catch (error) {
        deps.logger.error(`Could not open the ${kind} modal:`, error);
      }
    });
  };
}
