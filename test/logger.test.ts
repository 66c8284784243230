import { LogLevel } from '@slack/logger';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

function capture(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const logger = createLogger({ ...options, write: (line) => lines.push(line) });
  return { logger, lines };
}

describe('the logger Bolt and the bot share', () => {
  it('writes one JSON object a line with the level as a word, the time and the name Bolt set', () => {
    const { logger, lines } = capture({ format: 'json' });
    logger.setName('bolt-app');
    logger.info('Could not answer:', new Error('not_in_channel'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), name: 'bolt-app', msg: 'Could not answer: not_in_channel' });
  });

  it('writes readable lines in the pretty format', () => {
    const { logger, lines } = capture({ format: 'pretty' });
    logger.warn('Refused a request');
    expect(lines).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT\S+Z WARN \[kubecon-bot\] Refused a request$/)]);
  });

  it('keeps to its level, which Bolt can read and set', () => {
    const { logger, lines } = capture({ level: 'warn', format: 'json' });
    logger.info('hidden');
    expect(logger.getLevel()).toBe(LogLevel.WARN);
    logger.setLevel(LogLevel.DEBUG);
    logger.debug('shown');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
  });

  it('masks token-shaped words, whatever logged them', () => {
    const { logger, lines } = capture({ format: 'json' });
    logger.error('bad token xoxb-1234-abcd and', { appToken: 'xapp-1-A0-xyz' });
    expect(lines[0]).not.toMatch(/1234-abcd|A0-xyz/);
    expect(lines[0]).toContain('xoxb-[redacted]');
  });
});
