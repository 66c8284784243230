import { escapeSlackText } from '../../blocks/limits.js';
import { dismissModal, verdictModal } from '../../blocks/digest.js';
import type { SlackDeps } from '../../deps.js';
import { refreshBacklogViews } from '../../refresh.js';
import { readClick, tellClicker, type ButtonArgs } from './click.js';

/** "Je m'en occupe": records who, then the message updates to show it. */
export function createClaimHandler(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(deps, args.body);
    if (!click) return;
    const result = deps.ctx.tracker.claim(click.entryId, click.userId);
    if (!result.ok) {
      await tellClicker(deps, args, click, deps.ctx.strings.errors.unknownEntry(escapeSlackText(click.entryId)));
      return;
    }
    await refreshBacklogViews(deps, args.client, { userId: click.userId, ...click.where });
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
      await tellClicker(deps, args, click, deps.ctx.strings.errors.unknownEntry(escapeSlackText(click.entryId)));
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
