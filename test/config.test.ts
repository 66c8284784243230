import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseConfig, withDotEnv } from '../src/config.js';

const message = (env: Record<string, string>) => {
  const result = parseConfig(env);
  return result.ok ? `ok:${result.config.mode}` : result.message;
};

describe('the environment, parsed once', () => {
  it('chooses the mode from the credentials', () => {
    expect(message({})).toBe('ok:console');
    expect(message({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toBe('ok:socket');
    expect(message({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12' })).toBe('ok:http');
    expect(message({ SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '  ' })).toBe('ok:console');
  });

  it('names the variable and what it expects, never the value', () => {
    expect(message({ SLACK_BOT_TOKEN: 'xoxp-secret-value', SLACK_APP_TOKEN: 'xapp-1' })).toBe('SLACK_BOT_TOKEN must start with xoxb-');
    expect(message({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'oops-secret' })).toBe('SLACK_APP_TOKEN must start with xapp-');
    expect(message({ PORT: 'eighty' })).toBe('PORT must be a port number');
    expect(message({ PORT: '70000' })).toBe('PORT must be between 1 and 65535');
    expect(message({ SLACK_API_URL: 'slack.com/api' })).toMatch(/^SLACK_API_URL must be an http\(s\) URL/);
    expect(message({ LOG_LEVEL: 'loud' })).toBe('LOG_LEVEL must be one of debug, info, warn, error');
    expect(message({ LOG_FORMAT: 'xml' })).toBe('LOG_FORMAT must be one of json, pretty');
  });

  it('logs JSON unless standard error is a terminal, and LOG_FORMAT says otherwise', () => {
    const format = (env: Record<string, string>, stderrIsTerminal: boolean) => {
      const result = parseConfig(env, { stderrIsTerminal });
      return result.ok ? result.config.logFormat : result.message;
    };
    expect(format({}, false)).toBe('json');
    expect(format({}, true)).toBe('pretty');
    expect(format({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(format({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
  });

  it('takes DATABASE_URL as the PostgreSQL store, saying which part is wrong without echoing the URL', () => {
    const url = 'postgres://bot:hunter2@db.internal:5432/kubecon';
    const result = parseConfig({ DATABASE_URL: url });
    expect(result.ok && result.config.databaseUrl).toBe(url);
    const unset = parseConfig({});
    expect(unset.ok && unset.config.databaseUrl).toBeUndefined();
    const socketUrl = 'postgresql://postgres@localhost/postgres?host=/tmp/pg';
    expect(message({ DATABASE_URL: socketUrl })).toBe('ok:console');
    expect(message({ DATABASE_URL: 'postgres://postgres@/kubecon?host=/tmp/pg' })).toBe('ok:console');
    const problems = {
      'mysql://bot:hunter2@db.internal/kubecon': 'DATABASE_URL must start with postgres:// or postgresql://',
      'db.internal:5432 user=bot password=hunter2': 'DATABASE_URL must start with postgres:// or postgresql://',
      'host=db.internal user=bot password=hunter2': 'DATABASE_URL must be a URL such as postgres://user:password@host:5432/database',
      'postgres://bot:hunter2@db.internal:99999/kubecon': 'DATABASE_URL must be a URL such as postgres://user:password@host:5432/database',
      'postgres:///kubecon': 'DATABASE_URL has no host: postgres://user:password@HOST:5432/database (or ?host=/socket/folder)',
      'postgres://bot:hunter2@/kubecon': 'DATABASE_URL has no host: postgres://user:password@HOST:5432/database (or ?host=/socket/folder)',
      'postgres://bot:hunt%zz2@db.internal/kubecon': 'DATABASE_URL has a user name or password with a % not followed by two hex digits (write a % in it as %25)',
    };
    for (const [value, expected] of Object.entries(problems)) {
      const said = message({ DATABASE_URL: value });
      expect(said).toBe(expected);
      expect(said).not.toContain('hunt');
      expect(said).not.toContain('db.internal');
    }
  });

  it('gives each Slack mode the credentials it runs on, typed as present', () => {
    const socket = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 'abcdefgh12' });
    const http = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12', PORT: '8080' });
    const cli = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }, { forCli: true });
    if (!socket.ok || socket.config.mode !== 'socket' || !http.ok || http.config.mode !== 'http' || !cli.ok || cli.config.mode !== 'console') {
      throw new Error('unexpected modes');
    }
    expectTypeOf(socket.config.botToken).toEqualTypeOf<string>();
    expectTypeOf(socket.config.appToken).toEqualTypeOf<string>();
    expectTypeOf(http.config.signingSecret).toEqualTypeOf<string>();
    expectTypeOf(cli.config.botToken).toEqualTypeOf<string | undefined>();
    expect(socket.config).toMatchObject({ botToken: 'xoxb-1', appToken: 'xapp-1', port: 3000 });
    expect(http.config).toMatchObject({ botToken: 'xoxb-1', signingSecret: 'abcdefgh12', port: 8080 });
    // The command line posts the digest with the bot token alone.
    expect(cli.config.botToken).toBe('xoxb-1');
  });

  it('refuses half a set of credentials', () => {
    expect(message({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(
      'SLACK_BOT_TOKEN is set: also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)',
    );
    expect(message({ SLACK_SIGNING_SECRET: 'abcdefgh12' })).toBe('SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is missing (xoxb-...)');
  });

  it('defaults the digest to Monday 09:30 in Paris, off without a channel', () => {
    const result = parseConfig({});
    expect(result.ok && result.config.digest).toEqual({ channel: undefined, cron: '30 9 * * 1', timeZone: 'Europe/Paris' });
  });
});

describe('.env in the working directory', () => {
  const withFile = (text: string, env: Record<string, string> = {}) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubecon-dotenv-'));
    try {
      writeFileSync(path.join(dir, '.env'), text);
      return withDotEnv(env, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('reads what Node reads (export, quotes, comments, a quoted value over several lines), under the environment', () => {
    const result = withFile('# tokens\nexport A=1\nB="deux # pas un commentaire" # un commentaire\nC="sur\ndeux lignes"\nD=from-file\nE=from-file\n', { D: 'from-env', E: '' });
    expect(result).toEqual({ ok: true, env: { A: '1', B: 'deux # pas un commentaire', C: 'sur\ndeux lignes', D: 'from-env', E: '' } });
  });

  it('is fine without a .env', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubecon-dotenv-'));
    rmSync(dir, { recursive: true });
    expect(withDotEnv({ A: '1' }, dir)).toEqual({ ok: true, env: { A: '1' } });
  });
});
