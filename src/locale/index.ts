import type { VoteOutcome } from '../core/gaps.js';
import { en } from './en.js';
import { fr, type Strings } from './fr.js';

export type { Strings };
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function stringsFor(locale: Locale): Strings {
  return locale === 'en' ? en : fr;
}

/** What the voter is told of their vote, on every surface. */
export function voteSaid(strings: Strings, outcome: VoteOutcome): string {
  return { helpful: strings.vote.thanks, unhelpful: strings.vote.thanksUnhelpful, 'not-recorded': strings.errors.boardUnreachable }[outcome];
}
