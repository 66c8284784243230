import { z } from 'zod';

// The one definition of a knowledge entry: the loader validates front matter
// against it and every other module uses the type inferred from it.

const ENTRY_KINDS = ['project', 'talk', 'announcement', 'event', 'concept'] as const;
const CNCF_MATURITIES = ['sandbox', 'incubating', 'graduated'] as const;
const PRIORITIES = ['high', 'normal', 'low'] as const;

const text = (what: string) =>
  z.string({ error: `expected ${what}` }).trim().min(1, { error: `${what} must not be empty` });

const list = (what: string) => z.array(text(what), { error: `expected a list of ${what}s` });

const url = z.url({
  protocol: /^https?$/,
  error: 'expected an http(s) URL',
});

const linkSchema = z.strictObject({
  title: text('a link title'),
  url,
});

const backlogSchema = z.strictObject({
  priority: z.enum(PRIORITIES, { error: `expected one of ${PRIORITIES.join(', ')}` }),
  reason: text('a reason'),
});

const sourceSchema = z.strictObject({
  title: text('the source title'),
  publisher: text('the publisher'),
  url: url.optional(),
});

/** What an id looks like, for entries and for events (whose ids are their folders' names). */
export const KEBAB_CASE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const id = (what: string) =>
  z.string({ error: `expected ${what}` }).regex(KEBAB_CASE_ID, { error: 'expected a kebab-case id (a-z, 0-9, dashes)' });

export const entryFrontMatterSchema = z.strictObject({
  id: id('an id'),
  title: text('a title'),
  kind: z.enum(ENTRY_KINDS, { error: `expected one of ${ENTRY_KINDS.join(', ')}` }),
  event: id('an event id'),
  cncf_maturity: z
    .enum(CNCF_MATURITIES, { error: `expected one of ${CNCF_MATURITIES.join(', ')}` })
    .optional(),
  tags: list('tag'),
  aliases: list('alias'),
  people: list('name'),
  companies: list('company'),
  links: z.array(linkSchema, { error: 'expected a list of { title, url }' }),
  summary: text('a summary'),
  key_points: list('key point'),
  backlog: backlogSchema.optional(),
  source: sourceSchema,
  /** When someone last checked the entry still holds (a calendar day, `2026-11-01`). */
  reviewed: z.iso.date({ error: 'expected a date, YYYY-MM-DD (2026-11-01)' }).optional(),
});

export type EntryFrontMatter = z.infer<typeof entryFrontMatterSchema>;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export type Priority = (typeof PRIORITIES)[number];

/** A validated entry: its front matter, its Markdown body and where it came from. */
export interface Entry extends EntryFrontMatter {
  body: string;
  /** Path relative to the knowledge folder, for messages. */
  file: string;
}

const titleCollator = new Intl.Collator('fr');

/** The one order for entry titles everywhere (French collation: accents and case sorted as a reader expects). */
export function compareTitles(a: Pick<Entry, 'title'>, b: Pick<Entry, 'title'>): number {
  return titleCollator.compare(a.title, b.title);
}
