import { compareTitles, type Entry } from './entry.js';

/** How `list` groups entries: CNCF projects by maturity first, then the rest by kind. */
export const ENTRY_GROUPS = ['graduated', 'incubating', 'sandbox', 'project', 'talk', 'announcement', 'event', 'concept'] as const;
export type EntryGroup = (typeof ENTRY_GROUPS)[number];

export function entryGroup(entry: Entry): EntryGroup {
  return entry.cncf_maturity ?? entry.kind;
}

export function groupEntries(entries: readonly Entry[]): { group: EntryGroup; entries: Entry[] }[] {
  return ENTRY_GROUPS.map((group) => ({
    group,
    entries: entries.filter((e) => entryGroup(e) === group).sort(compareTitles),
  })).filter((g) => g.entries.length > 0);
}
