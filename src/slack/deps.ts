import type { Logger } from '@slack/logger';
import type { Assistant } from '../core/assistant.js';
import type { Strings } from '../locale/index.js';
import type { EventDeduper } from './dedupe.js';

/** What every listener is given: built once in app.ts, never imported as a singleton. */
export interface SlackDeps {
  assistant: Assistant;
  strings: Strings;
  logger: Logger;
  dedupe: EventDeduper;
}
