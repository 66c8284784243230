import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/process.js';

/** The modules a folder's files import, as `file: specifier`. */
async function importsOf(folder: string): Promise<string[]> {
  const dir = path.join(ROOT, folder);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts'));
  const imports: string[] = [];
  for (const file of files) {
    const source = await readFile(path.join(dir, file), 'utf8');
    for (const [, specifier] of source.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)) imports.push(`${folder}/${file}: ${specifier}`);
  }
  return imports;
}

const slackImport = (line: string) => /: (@slack\/|.*\/slack\/)/.test(line);

describe('surfaces talk to the core, not to each other', () => {
  it('the console imports nothing of Slack', async () => {
    expect((await importsOf('src/console')).filter(slackImport)).toEqual([]);
  });

  it('the CLI imports of Slack only what posts the digest through its Web API', async () => {
    expect((await importsOf('src/cli')).filter(slackImport)).toEqual([
      'src/cli/run.ts: @slack/web-api',
      'src/cli/run.ts: ../slack/app.js',
      'src/cli/run.ts: ../slack/digest-post.js',
    ]);
  });
});
