import type { WebClient } from '@slack/web-api';
import type { Logger } from '@slack/logger';
import type { Config } from '../config.js';
import { createDigestJob, type DigestJob, type PostDigest } from '../core/digest-job.js';
import type { Strings } from '../locale/index.js';
import type { Runtime } from '../runtime.js';
import { renderDigest } from './blocks/digest.js';
import { describeSlackError, mayHaveReachedSlack } from './errors.js';

/** Posts the weekly digest with the Web API. */
function createSlackDigestPoster(options: { client: WebClient; channel: string; strings: Strings; timeZone: string }): PostDigest {
  return async (digest) => {
    const message = renderDigest(digest, options.strings, options.timeZone);
    const result = await options.client.chat.postMessage({ channel: options.channel, unfurl_links: false, unfurl_media: false, ...message });
    if (!result.ts || !result.channel) throw new Error('Slack accepted the digest but returned no message ts');
    return { channel: result.channel, ts: result.ts };
  };
}

/** The weekly digest job posting through Slack: what the running bot and `kubecon-bot digest --now` share. */
export function createSlackDigestJob(options: {
  client: WebClient;
  channel: string;
  digest: Config['digest'];
  runtime: Runtime;
  logger: Logger;
  clock?: () => Date;
}): DigestJob {
  const { client, channel, digest, runtime } = options;
  return createDigestJob({
    store: runtime.store,
    backlog: () => runtime.assistant.backlog,
    schedule: { cron: digest.cron, timeZone: digest.timeZone },
    channel,
    post: createSlackDigestPoster({ client, channel, strings: runtime.strings, timeZone: digest.timeZone }),
    describeFailure: describeSlackError,
    mayHavePosted: mayHaveReachedSlack,
    logger: options.logger,
    ...(options.clock && { clock: options.clock }),
  });
}
