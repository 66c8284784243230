// Every action_id, callback_id and block_id the app's views carry: the
// builders put them in, the listeners and payload schemas read them back.

/** Open an entry's card; each button's action_id must be unique in its block, so the entry id rides along. */
export const ACTION_OPEN_ENTRY = 'open_entry';
export const openEntryActionId = (entryId: string) => `${ACTION_OPEN_ENTRY}:${entryId}`;
export const ACTION_SHARE = 'share_answer';
export const ACTION_CLAIM = 'digest_claim';
export const ACTION_VERDICT = 'digest_verdict';
export const ACTION_DISMISS = 'digest_dismiss';

export const VIEW_VERDICT = 'verdict_modal';
export const VIEW_DISMISS = 'dismiss_modal';

/** The modals' inputs: each block_id is also its element's action_id. */
export const BLOCK_VERDICT = 'verdict';
export const BLOCK_COMMENT = 'comment';
export const BLOCK_REASON = 'reason';

// --- s3/propose ---
export const ACTION_PROPOSE = 'propose_tool';
export const VIEW_PROPOSE = 'propose_modal';
/** The proposal modal's inputs, by the core's field names (each block_id is also its element's action_id). */
export const PROPOSAL_BLOCKS = {
  title: 'proposal_title',
  url: 'proposal_url',
  reason: 'proposal_reason',
  priority: 'proposal_priority',
} as const;

/** The buttons of one tool, in a digest or on the App Home. */
export const toolBlockId = (entryId: string) => `tool:${entryId}`;
