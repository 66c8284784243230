import { en } from './en.js';
import { fr, type Strings } from './fr.js';

export type { Strings };
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function stringsFor(locale: Locale): Strings {
  return locale === 'en' ? en : fr;
}
