import { dismissModal, verdictModal } from '../../blocks/digest.js';
import { mention, say, text, type Mrkdwn } from '../../blocks/mrkdwn.js';
import type { SlackDeps } from '../../deps.js';
import { refreshBacklogViews } from '../../refresh.js';
import { readClick, tellClicker, type ButtonArgs } from './click.js';

/** What to say about a clicked tool that is not in the backlog: gone from the knowledge, or never a tool to try. */
function notATool(deps: SlackDeps, entryId: string): Mrkdwn {
  const entry = deps.ctx.assistant.entry(entryId);
  return text(entry ? deps.ctx.strings.errors.notInBacklog(entry.title) : deps.ctx.strings.errors.unknownEntry(entryId));
}

/**
 * "Je m'en occupe": records who, then the message updates to show it. A tool
 * someone else is on stays theirs; a claim made anywhere but on a posted
 * digest (a preview) is confirmed to the person who clicked.
 */
export function createClaimHandler(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(deps, args.body);
    if (!click) return;
    const { tracker, strings, assistant } = deps.ctx;
    const title = assistant.entry(click.entryId)?.title ?? click.entryId;
    const result = tracker.claim(click.entryId, click.userId);
    if (!result.ok) {
      await tellClicker(deps, args, click, result.reason === 'claimed' ? say(strings.digest.alreadyClaimed, mention(result.by), title) : notATool(deps, click.entryId));
      return;
    }
    await refreshBacklogViews(deps, args.client, { userId: click.userId, ...click.where });
    const onPostedDigest = click.where.channel && click.where.ts && tracker.findDigest(click.where.channel, click.where.ts);
    if (click.hasResponseUrl && !onPostedDigest) await tellClicker(deps, args, click, text(strings.digest.claimNoted(title)));
  };
}

/** "Testé" and "Pas pour nous" open a modal; the submission records it (see listeners/views). */
export function createOpenModalHandler(deps: SlackDeps, kind: 'verdict' | 'dismiss') {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(deps, args.body);
    if (!click) return;
    const row = deps.ctx.tracker.row(click.entryId);
    if (!row) {
      await tellClicker(deps, args, click, notATool(deps, click.entryId));
      return;
    }
    const view = kind === 'verdict' ? verdictModal(row.item, click.where, deps.ctx.strings) : dismissModal(row.item, click.where, deps.ctx.strings);
    try {
      await args.client.views.open({ trigger_id: click.triggerId, view });
    } catch (error) {
      deps.logger.error(`Could not open the ${kind} modal:`, error);
    }
  };
}
