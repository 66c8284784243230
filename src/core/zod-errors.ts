import type { z } from 'zod';

/** One thing a value got wrong: the field's path (`links[0].url`, empty for the value itself) and what was expected. */
export interface FieldProblem {
  where: string;
  message: string;
}

function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/**
 * Every issue of a failed parse, each unknown key on its own. A missing field
 * is called so when the parse ran with `{ reportInput: true }`; without it,
 * zod's own words say it (`expected string, received undefined`).
 */
export function describeZodError(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const where = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ where: formatPath([...issue.path, key]), message: 'unknown field' }));
    if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) return [{ where, message: 'missing field' }];
    return [{ where, message: issue.message }];
  });
}

/** The same on one line, for a log or an error: `links[0].url: expected a URL; id: missing field`. */
export function formatZodError(error: z.ZodError): string {
  return describeZodError(error)
    .map(({ where, message }) => `${where || '(root)'}: ${message}`)
    .join('; ');
}
