import type { WebClient } from '@slack/web-api';
import { reviewsDue } from '../core/freshness.js';
import { BOARD_UNANSWERED, boardReply, digestReply } from '../core/reply.js';
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

export async function publishHome(deps: SlackDeps, client: WebClient, userId: string): Promise<void> {
  const { assistant, tracker, gaps, strings, mrkdwn, timeZone } = deps.ctx;
  // The board shows even when the questions cannot be read.
  const unanswered = gaps.report({ limit: BOARD_UNANSWERED }).then(
    (report) => report.unanswered,
    (error: unknown) => {
      deps.logger.error('Could not read the unanswered questions for the App Home:', error);
      return [];
    },
  );
  const [rows, questions] = await Promise.all([tracker.board(), unanswered]);
  const board = boardReply(rows, tracker.nextRun(), reviewsDue(assistant.entries, new Date()), questions);
  await client.views.publish({ user_id: userId, view: renderHome(board, strings, mrkdwn, timeZone) });
}
