import { z } from 'zod';
import { formatZodError } from '../core/zod-errors.js';
import { VERDICTS } from '../core/store.js';
import { BLOCK_COMMENT, BLOCK_REASON, BLOCK_VERDICT, PROPOSAL_BLOCKS } from './blocks/ids.js';

// The parts of Slack's payloads the bot relies on, checked at the boundary.
// Slack sends much more; unknown fields pass through untouched.

// `/kubecon` answers in its acknowledgement and reads only the text; this
// check runs on every request, so it checks nothing else.
export const slashCommandSchema = z.object({
  command: z.string(),
  text: z.string(),
  /** Where it was typed: unanswered questions count their channels. */
  channel_id: z.string().min(1).optional(),
  /** Read only by `/kubecon propose`, which opens a modal with it. */
  trigger_id: z.string().optional(),
});

/** A 👍 / 👎 or share button's value (see answerValue): the entry that answered, and the question it answered. */
export const answerValueSchema = z.object({
  entry: z.string().min(1).max(200),
  question: z.string().max(2000),
});

/** An answer button's value as written by answerValue, or what is wrong with it. */
export function readAnswerValue(value: string): { success: true; answer: z.infer<typeof answerValueSchema> } | { success: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { success: false, problem: 'the value is not JSON' };
  }
  const parsed = answerValueSchema.safeParse(json);
  return parsed.success ? { success: true, answer: parsed.data } : { success: false, problem: formatZodError(parsed.error) };
}

export const appMentionSchema = z.object({
  type: z.literal('app_mention'),
  text: z.string(),
  channel: z.string().min(1),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
});

/** A button click, from a message (with a response_url) or from the App Home (without). */
export const buttonClickSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  trigger_id: z.string().min(1),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
  response_url: z.url().optional(),
  container: z
    .object({ type: z.string(), channel_id: z.string().optional(), message_ts: z.string().optional(), is_ephemeral: z.boolean().optional() })
    .optional(),
});

/** Where a button was clicked: a message in a channel, or a view (the App Home). */
export const modalContextSchema = z.object({
  entryId: z.string().min(1),
  channel: z.string().optional(),
  ts: z.string().optional(),
});

/** The opened modal's id: Slack sends the same one when a submission is delivered twice (a double click, a retry). */
export const submissionIdSchema = z.string().min(1);

export const verdictSubmissionSchema = z.object({
  [BLOCK_VERDICT]: z.object({ [BLOCK_VERDICT]: z.object({ selected_option: z.object({ value: z.enum(VERDICTS) }) }) }),
  [BLOCK_COMMENT]: z.object({ [BLOCK_COMMENT]: z.object({ value: z.string().nullish() }) }).optional(),
});

export const dismissSubmissionSchema = z.object({
  [BLOCK_REASON]: z.object({ [BLOCK_REASON]: z.object({ value: z.string().nullish() }) }).optional(),
});

// --- s3/propose ---
/** One input's value as Slack sends it (absent or null when left empty); the core validates what it says. */
const inputValue = (block: string) => z.object({ [block]: z.object({ value: z.string().nullish() }) }).optional();

/** The proposal modal's values; the priority is the static select's option. */
export const proposalSubmissionSchema = z.object({
  [PROPOSAL_BLOCKS.title]: inputValue(PROPOSAL_BLOCKS.title),
  [PROPOSAL_BLOCKS.url]: inputValue(PROPOSAL_BLOCKS.url),
  [PROPOSAL_BLOCKS.reason]: inputValue(PROPOSAL_BLOCKS.reason),
  [PROPOSAL_BLOCKS.priority]: z
    .object({ [PROPOSAL_BLOCKS.priority]: z.object({ selected_option: z.object({ value: z.string() }).nullish() }) })
    .optional(),
});
