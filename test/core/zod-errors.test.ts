import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodError, formatZodError } from '../../src/core/zod-errors.js';

const schema = z.strictObject({
  id: z.string(),
  links: z.array(z.strictObject({ url: z.url({ error: 'expected a URL' }) })),
});

const failure = (value: unknown, reportInput = false) => {
  const parsed = schema.safeParse(value, { reportInput });
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error;
};

describe('zod errors, in one format', () => {
  it('locates each problem by its field path, with what was expected', () => {
    expect(describeZodError(failure({ id: 'a', links: [{ url: 'https://a.test/' }, { url: 'nope' }] }))).toEqual([
      { where: 'links[1].url', message: 'expected a URL' },
    ]);
  });

  it('names each unknown field, and a missing one when the parse reported its input', () => {
    expect(describeZodError(failure({ links: [{ url: 'https://a.test/', title: 'x', note: 'y' }] }, true))).toEqual([
      { where: 'id', message: 'missing field' },
      { where: 'links[0].title', message: 'unknown field' },
      { where: 'links[0].note', message: 'unknown field' },
    ]);
    expect(describeZodError(failure({ links: [] }))).toEqual([{ where: 'id', message: 'Invalid input: expected string, received undefined' }]);
  });

  it('puts them on one line, the value itself as (root)', () => {
    expect(formatZodError(failure({ id: 7, links: [{ url: 'nope' }] }))).toBe(
      'id: Invalid input: expected string, received number; links[0].url: expected a URL',
    );
    expect(formatZodError(failure('text'))).toBe('(root): Invalid input: expected object, received string');
  });
});
