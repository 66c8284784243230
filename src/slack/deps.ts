import type { Logger } from '@slack/logger';
import type { ConversationMemory } from '../core/conversation.js';
import type { RenderContext } from '../runtime.js';
import type { KnowledgeMrkdwn } from './blocks/knowledge-mrkdwn.js';
import type { EventDeduper } from './dedupe.js';
import type { AppMetrics } from './metrics.js';

/** What every listener is given: built once in app.ts, never imported as a singleton. */
export interface SlackDeps {
  /**
   * The runtime's context of this moment, with the knowledge's Markdown
   * converted to mrkdwn: each read may be a newer knowledge (after a reload),
   * so a message is built from one read.
   */
  readonly ctx: RenderContext & { mrkdwn: KnowledgeMrkdwn };
  logger: Logger;
  dedupe: EventDeduper;
  /** What each thread is about, for follow-ups (keyed by channel and thread). */
  conversations: ConversationMemory;
  metrics: AppMetrics;
}
