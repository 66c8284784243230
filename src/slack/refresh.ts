import type { WebClient } from '@slack/web-api';
import { currentBoard, digestReply } from '../core/reply.js';
import { renderDigest } from './blocks/digest.js';
import { renderHome } from './blocks/home.js';
import type { SlackDeps } from './deps.js';

/**
 * After a claim, a verdict or a dismissal: the digest message it came from (or
 * the latest digest) is updated in place, and the App Home of the person who
 * acted is republished.
 */
export async function refreshBacklogViews(deps: SlackDeps, client: WebClient, where: { userId: string; channel?: string; ts?: string }): Promise<void> {
  const { tracker, strings, mrkdwn, timeZone } = deps.ctx;
  const updates: Promise<unknown>[] = [publishHome(deps, client, where.userId), updateDigest()];
  async function updateDigest(): Promise<void> {
    // The digest clicked on, or (from the App Home) the latest one, so the channel always shows the board's state.
    const record = where.channel && where.ts ? await tracker.findDigest(where.channel, where.ts) : await tracker.latestDigest();
    if (!record?.messageRef) return;
    const message = renderDigest(digestReply(await tracker.digestFor(record), { preview: false }), strings, mrkdwn, timeZone);
    await client.chat.update({ channel: record.channel, ts: record.messageRef, ...message });
  }
  const results = await Promise.allSettled(updates);
  for (const result of results) {
    if (result.status === 'rejected') deps.logger.error('Could not refresh the backlog views:', result.reason);
  }
}

/** The App Home of `userId`: the board, or (the store unreachable) why it cannot be shown. */
export async function publishHome(deps: SlackDeps, client: WebClient, userId: string): Promise<void> {
  const ctx = deps.ctx;
  const board = await currentBoard(ctx, new Date());
  await client.views.publish({ user_id: userId, view: renderHome(board, ctx.strings, ctx.mrkdwn, ctx.timeZone) });
}
