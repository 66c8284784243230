import { z } from 'zod';
import type { BacklogItem } from './backlog.js';
import type { Entry, EntryFrontMatter, Priority } from './entry.js';
import type { ProposedTool } from './store.js';
import { foldText } from './text.js';

// A tool the team proposes to try: validated here for every surface (the
// Slack modal, the CLI), stored through the BacklogStore, and joined to the
// recap's backlog as a BacklogItem with `source: 'proposed'`.

export const PROPOSAL_LIMITS = { title: { min: 2, max: 80 }, reason: { min: 10, max: 500 } } as const;
export const PROPOSAL_FIELDS = ['title', 'url', 'reason', 'priority'] as const;
export type ProposalField = (typeof PROPOSAL_FIELDS)[number];

/** What is wrong with one field, as a code each surface words in its language. */
export type ProposalProblem = 'missing' | 'too-short' | 'too-long' | 'not-http-url' | 'not-a-priority' | 'already-in-backlog';

export interface ProposalError {
  field: ProposalField;
  problem: ProposalProblem;
}

const text = (limits: { min: number; max: number }) =>
  z
    .string({ error: 'missing' satisfies ProposalProblem })
    .trim()
    .min(limits.min, { error: 'too-short' satisfies ProposalProblem })
    .max(limits.max, { error: 'too-long' satisfies ProposalProblem });

export const proposalInputSchema = z.object({
  title: text(PROPOSAL_LIMITS.title),
  url: z.string({ error: 'missing' satisfies ProposalProblem }).trim().pipe(z.url({ protocol: /^https?$/, error: 'not-http-url' satisfies ProposalProblem })),
  reason: text(PROPOSAL_LIMITS.reason),
  priority: z.enum(['high', 'normal', 'low'], { error: 'not-a-priority' satisfies ProposalProblem }).default('normal'),
});

/** As typed, before validation: any field may be missing or wrong. */
export type ProposalInput = { [K in ProposalField]?: string };

const PROBLEMS: ReadonlySet<string> = new Set<ProposalProblem>(['missing', 'too-short', 'too-long', 'not-http-url', 'not-a-priority', 'already-in-backlog']);

/** The input checked, or every field's problem (one per field, the first found). */
export function validateProposal(input: ProposalInput): { ok: true; value: z.output<typeof proposalInputSchema> } | { ok: false; errors: ProposalError[] } {
  const parsed = proposalInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors = new Map<ProposalField, ProposalProblem>();
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as ProposalField;
    const problem = PROBLEMS.has(issue.message) ? (issue.message as ProposalProblem) : 'missing';
    if (!errors.has(field)) errors.set(field, problem);
  }
  return { ok: false, errors: [...errors].map(([field, problem]) => ({ field, problem })) };
}

/** A title as compared for duplicates: case, accents and punctuation aside (`Argo-Rollouts` = `argo rollouts`). */
export const titleKey = (title: string) => foldText(title).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The proposal's id: a kebab-case slug of its title (an entry id's shape), `tool` when nothing of it is left. */
export function proposalSlug(title: string): string {
  return titleKey(title).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'tool';
}

/** The first of `slug`, `slug-2`, `slug-3`… that `taken` does not hold. */
export function uniqueId(slug: string, taken: (id: string) => boolean): string {
  if (!taken(slug)) return slug;
  for (let n = 2; ; n++) if (!taken(`${slug}-${n}`)) return `${slug}-${n}`;
}

/** How to propose from the command line, shown where no form can open. */
export const PROPOSE_COMMAND_EXAMPLE = 'kubecon-bot propose --title "Argo Rollouts" --url https://argoproj.github.io/argo-rollouts/ --reason "…" --priority normal';

/** The event folder proposed tools belong to (in the backlog, and in export-proposals' drafts). */
export const PROPOSED_EVENT = 'proposed';

/**
 * A proposed tool as an entry, so that it is a backlog item like any other
 * (its id, title, link, priority): not in the knowledge, not searched.
 */
export function proposedEntry(proposal: ProposedTool): Entry {
  return {
    ...proposalFrontMatter(proposal),
    summary: proposal.reason,
    key_points: [],
    source: { title: 'proposed', publisher: proposal.by },
    body: '',
    file: `(proposed by ${proposal.by})`,
  };
}

/** What a proposal says of itself as an entry (the card's and the export's draft share it): the rest is theirs to say. */
export function proposalFrontMatter(proposal: ProposedTool): Omit<EntryFrontMatter, 'summary' | 'key_points' | 'source'> {
  return {
    id: proposal.id,
    title: proposal.title,
    kind: 'project',
    event: PROPOSED_EVENT,
    tags: [],
    aliases: [],
    people: [],
    companies: [],
    links: [{ title: proposal.title, url: proposal.url }],
    backlog: { priority: proposal.priority, reason: proposal.reason },
  };
}

export function proposedBacklogItem(proposal: ProposedTool): BacklogItem {
  return {
    entry: proposedEntry(proposal),
    priority: proposal.priority as Priority,
    reason: proposal.reason,
    source: 'proposed',
    proposedBy: proposal.by,
    proposedAt: proposal.at,
    url: proposal.url,
  };
}
