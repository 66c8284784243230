import type { Strings } from './index.js';
import { PROPOSAL_LIMITS, type ProposalError } from '../core/proposal.js';

// Dates and lists in the reader's language: every surface shows them the same way.

/** "lundi 30 novembre à 09:30" in the digest's time zone. */
export function formatWhen(date: Date, strings: Strings, timeZone: string): string {
  return new Intl.DateTimeFormat(strings.locale === 'fr' ? 'fr-FR' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}

/** A calendar day (`2026-11-01`) as "1 novembre 2026" / "1 November 2026". */
export function formatDay(isoDay: string, strings: Strings): string {
  return new Intl.DateTimeFormat(strings.locale === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${isoDay}T00:00:00Z`),
  );
}

/** "A, B et C". */
export function formatList(items: readonly string[], strings: Strings): string {
  return new Intl.ListFormat(strings.locale, { type: 'conjunction' }).format(items);
}

// --- s3/propose ---
/** What is wrong with a proposal's field, in the reader's language, with the limit it broke. */
export function describeProposalError(error: ProposalError, strings: Strings): string {
  const { problem } = strings.propose;
  const limits = error.field === 'title' || error.field === 'reason' ? PROPOSAL_LIMITS[error.field] : undefined;
  switch (error.problem) {
    case 'too-short':
      return problem['too-short'](limits?.min ?? 1);
    case 'too-long':
      return problem['too-long'](limits?.max ?? 1);
    default:
      return problem[error.problem];
  }
}
