// A length of time as people type it on the command line: `30d`, `4w`, `12h`.

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `30d` (days), `4w` (weeks), `12h` (hours), `90m` (minutes): a whole positive number and one unit. */
export function parseDuration(text: string): { ok: true; ms: number } | { ok: false; message: string } {
  const match = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) {
    return { ok: false, message: `"${text}" is not a duration: write a whole number and a unit, such as 30d (days), 4w (weeks), 12h (hours) or 90m (minutes)` };
  }
  return { ok: true, ms: Number(match[1]) * UNIT_MS[match[2]!]! };
}
