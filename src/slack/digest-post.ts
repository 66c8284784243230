import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { Logger } from '@slack/logger';
import { z } from 'zod';
import type { Config } from '../config.js';
import { createDigestJob, type DigestJob } from '../core/digest-job.js';
import { digestReply } from '../core/reply.js';
import type { FindPostedDigest, PostDigest, PostingWords } from '../core/digest-slot.js';
import { formatZodError } from '../core/zod-errors.js';
import type { Strings } from '../locale/index.js';
import type { Runtime } from '../runtime.js';
import { renderDigest } from './blocks/digest.js';
import { prepareKnowledgeMrkdwn, type KnowledgeMrkdwn } from './blocks/knowledge-mrkdwn.js';
import { describeSlackError, mayHaveReachedSlack } from './errors.js';

/** The message metadata every digest carries: people never see it, conversations.history returns it. */
export const DIGEST_EVENT_TYPE = 'kubecon_digest';

/** Posts the weekly digest with the Web API, tagged with its slot. */
function createSlackDigestPoster(options: { client: WebClient; channel: string; strings: Strings; mrkdwn: KnowledgeMrkdwn; timeZone: string }): PostDigest {
  return async (digest, slot) => {
    const message = renderDigest(digestReply(digest, { preview: false }), options.strings, options.mrkdwn, options.timeZone);
    const result = await options.client.chat.postMessage({
      channel: options.channel,
      unfurl_links: false,
      unfurl_media: false,
      ...message,
      metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { slot } },
    });
    const channel = result.channel || options.channel;
    return result.ts ? { channel, messageRef: result.ts } : { channel };
  };
}

// How far back, and how deep, the search goes. The post was made after its
// reservation; the margin covers the bot's clock running ahead of Slack's.
// A digest channel sees a few messages a day: 10 pages of 200 is days of
// history, and a channel busier than that cannot prove the post absent.
const CLOCK_MARGIN_MS = 5 * 60_000;
const HISTORY_PAGE_SIZE = 200;
const HISTORY_MAX_PAGES = 10;

/** The part of a conversations.history page the search reads. */
const historyPageSchema = z.object({
  messages: z.array(
    z.object({
      ts: z.string().min(1),
      metadata: z.object({ event_type: z.string().optional(), event_payload: z.record(z.string(), z.unknown()).optional() }).optional(),
    }),
  ),
  has_more: z.boolean().optional(),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

/** Why the history could not be read; posting hints (chat:write.public) do not apply to reading. */
function describeHistoryError(error: unknown, channel: string): string {
  if (error instanceof WebAPIPlatformError && error.data.error === 'not_in_channel') {
    return `Slack error "not_in_channel": the bot can post there but not read it; /invite @kubecon in ${channel} lets it look`;
  }
  return describeSlackError(error);
}

/** Slack's ts is the post's time, in seconds. */
const tsToDate = (ts: string) => new Date(Math.round(Number(ts) * 1000));

/**
 * Looks for a slot's digest in the channel's history by its metadata. Needs
 * channels:history (groups:history for a private channel) and the bot in the
 * channel; without them the answer is "unknown", never "absent".
 */
function createSlackDigestFinder(options: { client: WebClient; channel: string }): FindPostedDigest {
  return async (slot, since) => {
    const oldest = ((since.getTime() - CLOCK_MARGIN_MS) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_MAX_PAGES; page++) {
      let answer: unknown;
      try {
        answer = await options.client.conversations.history({
          channel: options.channel,
          oldest,
          limit: HISTORY_PAGE_SIZE,
          include_all_metadata: true,
          ...(cursor && { cursor }),
        });
      } catch (error) {
        return { status: 'unknown', reason: describeHistoryError(error, options.channel) };
      }
      const parsed = historyPageSchema.safeParse(answer);
      if (!parsed.success) return { status: 'unknown', reason: `conversations.history answered something unexpected: ${formatZodError(parsed.error)}` };
      const found = parsed.data.messages.find((m) => m.metadata?.event_type === DIGEST_EVENT_TYPE && m.metadata.event_payload?.slot === slot);
      if (found) return { status: 'found', messageRef: found.ts, at: tsToDate(found.ts) };
      cursor = parsed.data.response_metadata?.next_cursor;
      if (!parsed.data.has_more || !cursor) return { status: 'absent' };
    }
    return { status: 'unknown', reason: `more than ${HISTORY_MAX_PAGES * HISTORY_PAGE_SIZE} messages since ${since.toISOString()}, not all searched` };
  };
}

/** How the digest job's log lines and errors name Slack, a message's `ts`, and what to do about a post Slack never confirmed. */
export const SLACK_POSTING_WORDS: PostingWords = {
  service: 'Slack',
  reference: 'ts',
  remedy: '`kubecon-bot digest --now --force` posts it',
};

/** The weekly digest job posting through Slack: what the running bot and `kubecon-bot digest --now` share. */
export function createSlackDigestJob(options: {
  client: WebClient;
  channel: string;
  digest: Config['digest'];
  runtime: Runtime;
  /** The knowledge as mrkdwn, if the app has prepared it already; else prepared here, once (see prepareKnowledgeMrkdwn). */
  mrkdwn?: KnowledgeMrkdwn;
  logger: Logger;
  clock?: () => Date;
}): DigestJob {
  const { client, channel, digest, runtime } = options;
  const mrkdwn = options.mrkdwn ?? prepareKnowledgeMrkdwn(runtime.assistant.entries);
  return createDigestJob({
    store: runtime.store,
    gaps: runtime.gaps,
    backlog: () => runtime.tracker.backlog(),
    schedule: { cron: digest.cron, timeZone: digest.timeZone },
    channel,
    post: createSlackDigestPoster({ client, channel, strings: runtime.strings, mrkdwn, timeZone: digest.timeZone }),
    findPosted: createSlackDigestFinder({ client, channel }),
    describeFailure: describeSlackError,
    mayHavePosted: mayHaveReachedSlack,
    words: SLACK_POSTING_WORDS,
    logger: options.logger,
    ...(options.clock && { clock: options.clock }),
  });
}
