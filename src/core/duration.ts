import { z } from 'zod';

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** A length of time as typed on a command line: a whole number of hours, days or weeks (`12h`, `180d`, `4w`). */
export interface Duration {
  ms: number;
  /** As typed, for messages (`180d`). */
  text: string;
}

export const durationSchema = z
  .string()
  .trim()
  .regex(/^[1-9][0-9]{0,5}[hdw]$/, { error: 'expected a duration: a whole number then h, d or w (12h, 180d, 4w)' })
  .transform((text): Duration => ({ ms: Number(text.slice(0, -1)) * UNIT_MS[text.at(-1) as keyof typeof UNIT_MS], text }));

/** `180d` as a Duration, or what is wrong with it. */
export function parseDuration(text: string): { ok: true; duration: Duration } | { ok: false; message: string } {
  const parsed = durationSchema.safeParse(text);
  return parsed.success ? { ok: true, duration: parsed.data } : { ok: false, message: `"${text}": ${parsed.error.issues[0]!.message}` };
}
