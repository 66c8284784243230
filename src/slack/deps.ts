import type { Logger } from '@slack/logger';
import type { RenderContext } from '../runtime.js';
import type { EventDeduper } from './dedupe.js';

/** What every listener is given: built once in app.ts, never imported as a singleton. */
export interface SlackDeps {
  ctx: RenderContext;
  logger: Logger;
  dedupe: EventDeduper;
}
