import { compareTitles, type Entry } from './entry.js';

/** How `list` groups entries: CNCF projects by maturity first, then the rest by kind. */
const ENTRY_GROUPS = ['graduated', 'incubating', 'sandbox', 'project', 'talk', 'announcement', 'event', 'concept'] as const;
export type EntryGroup = (typeof ENTRY_GROUPS)[number];

/** An event the knowledge covers: its folder name, and what to call it. */
export interface KnowledgeEvent {
  id: string;
  /** The title of the event's own entry (kind `event`, id = the folder's name); the folder's name without one. */
  title: string;
}

export interface EventCatalogue {
  event: KnowledgeEvent;
  groups: { group: EntryGroup; entries: Entry[] }[];
}

function entryGroup(entry: Entry): EntryGroup {
  return entry.cncf_maturity ?? entry.kind;
}

function groupEntries(entries: readonly Entry[]): { group: EntryGroup; entries: Entry[] }[] {
  return ENTRY_GROUPS.map((group) => ({
    group,
    entries: entries.filter((e) => entryGroup(e) === group).sort(compareTitles),
  })).filter((g) => g.entries.length > 0);
}

/** The events the entries belong to, by title. */
export function knowledgeEvents(entries: readonly Entry[]): KnowledgeEvent[] {
  const ids = [...new Set(entries.map((e) => e.event))];
  return ids
    .map((id) => ({ id, title: entries.find((e) => e.kind === 'event' && e.id === id)?.title ?? id }))
    .sort(compareTitles);
}

/** `list`: the entries event by event, each event's grouped as groupEntries does. */
export function catalogueByEvent(entries: readonly Entry[], events: readonly KnowledgeEvent[]): EventCatalogue[] {
  return events.map((event) => ({ event, groups: groupEntries(entries.filter((e) => e.event === event.id)) }));
}
