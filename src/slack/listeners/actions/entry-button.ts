import type { SlackDeps } from '../../deps.js';
import { buttonActionSchema, describePayloadError } from '../../payloads.js';

/** The entry a button names, and who clicked it; undefined (and logged) for a payload we cannot read. */
export function readEntryButton(deps: SlackDeps, body: unknown) {
  const parsed = buttonActionSchema.safeParse(body);
  if (!parsed.success) {
    deps.logger.warn(`Ignored a malformed button click: ${describePayloadError(parsed.error)}`);
    return undefined;
  }
  const id = parsed.data.actions[0]!.value ?? '';
  return { id, answer: deps.ctx.assistant.open(id), userId: parsed.data.user.id, hasResponseUrl: Boolean(parsed.data.response_url) };
}
