import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/state/sqlite.js';
import { ROOT, run, withoutRoot } from '../support/process.js';
import { entryText, makeKnowledgeDir } from '../support/temp-knowledge.js';
import { KNOWLEDGE_DIR, tempStateDir } from '../support/test-app.js';

// The `kubecon-bot` command as a team runs it: the compiled entry point, on
// knowledge folders and state folders as people really leave them.

const CLI = path.join(ROOT, 'dist/src/cli/main.js');

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A temporary folder nobody but the test uses, removed after the test. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cleanups.push(() => {
    chmodTree(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Opens a folder to everyone (the unprivileged runs below read it). */
function chmodTree(dir: string, mode: number): void {
  try {
    chmodSync(dir, mode);
  } catch {
    // already gone
  }
}

async function knowledge(files: Record<string, string | Uint8Array>): Promise<{ dir: string; name: string }> {
  const made = await makeKnowledgeDir(files);
  cleanups.push(made.cleanup);
  return { dir: made.dir, name: path.basename(made.dir) };
}

async function kubeconBot(args: string[], env: Record<string, string>, options: { cwd?: string; unprivileged?: boolean } = {}) {
  const child = run(['node', CLI, ...args], env, options.cwd, options.unprivileged ? withoutRoot() : {});
  const code = await child.exited;
  return { code, output: child.output(), stdout: child.stdout(), stderr: child.stderr() };
}

describe('kubecon-bot check on the files a team really edits', () => {
  it('refuses a file that is not UTF-8, naming the byte and where it is', async () => {
    const bytes = Buffer.from(entryText('cafe', { event: 'ev', summary: 'Un résumé au café.' }).replace('café', 'caf\u0000'), 'utf8');
    const offset = bytes.indexOf(0);
    bytes[offset] = 0xe9; // "é" as Latin-1 writes it
    const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
    const { dir, name } = await knowledge({ 'ev/cafe.md': bytes });
    const check = await kubeconBot(['check'], { KNOWLEDGE_DIR: dir });
    expect(check.code).toBe(1);
    expect(check.output).toBe(`kubecon-bot: invalid knowledge: ${name}/ev/cafe.md: line ${line}: not valid UTF-8 (byte 0xE9 at offset ${offset}): save the file as UTF-8\n`);
  });

  it('follows linked folders and entries, guards against a loop, and names every file it does not read, with why', async () => {
    const outside = tempDir('kubecon-outside-');
    mkdirSync(path.join(outside, 'linked-event'));
    writeFileSync(path.join(outside, 'linked-event/far.md'), entryText('far', { event: 'linked-event' }));
    writeFileSync(path.join(outside, 'near.md'), entryText('near', { event: 'ev' }));
    const { dir, name } = await knowledge({
      'README.md': '# Our knowledge\n',
      'ev/good.md': entryText('good', { event: 'ev' }),
      'ev/.draft.md': entryText('draft', { event: 'ev' }),
      'ev/logo.png': 'not an image',
    });
    symlinkSync(path.join(outside, 'linked-event'), path.join(dir, 'linked-event'));
    symlinkSync(path.join(outside, 'near.md'), path.join(dir, 'ev/near.md'));
    symlinkSync('..', path.join(dir, 'ev/loop'));
    const check = await kubeconBot(['check'], { KNOWLEDGE_DIR: dir });
    expect(check.stderr).toBe(
      [
        `kubecon-bot: ${name}/README.md: not read: a README documents the folder, it is not an entry`,
        `kubecon-bot: ${name}/ev/.draft.md: not read: hidden (its name starts with a dot)`,
        `kubecon-bot: ${name}/ev/logo.png: not read: not an entry (entries are <id>.md files)`,
        `kubecon-bot: ${name}/ev/loop: not read: a link to ${name}, a folder already read`,
        '',
      ].join('\n'),
    );
    expect(check.stdout).toBe(`OK: 3 entries, 2 event(s) (ev, linked-event) in ${dir}\n`);
    expect(check.code).toBe(0);
  });

  it('refuses a Markdown file whose name does not end in .md, as the bot would not read it', async () => {
    const { dir, name } = await knowledge({
      'ev/good.md': entryText('good', { event: 'ev' }),
      'ev/LOKI.MD': entryText('loki', { event: 'ev' }),
      'ev/helm.markdown': entryText('helm', { event: 'ev' }),
    });
    const check = await kubeconBot(['check'], { KNOWLEDGE_DIR: dir });
    expect(check.code).toBe(1);
    expect(check.output).toBe(
      [
        'kubecon-bot: invalid knowledge (2 problems):',
        `  ${name}/ev/LOKI.MD: not read: an entry's file name ends in .md, in lower case (LOKI.md)`,
        `  ${name}/ev/helm.markdown: not read: an entry's file name ends in .md, in lower case (helm.md)`,
        '',
      ].join('\n'),
    );
  });

  it('refuses an entry over 256 KB without reading it all', async () => {
    const { dir, name } = await knowledge({ 'ev/big.md': entryText('big', { event: 'ev' }, 'Un très long corps. '.repeat(20_000)) });
    const check = await kubeconBot(['check'], { KNOWLEDGE_DIR: dir });
    expect(check.code).toBe(1);
    expect(check.output).toBe(`kubecon-bot: invalid knowledge: ${name}/ev/big.md: 411 KB, over the 256 KB an entry may hold: split it into several entries\n`);
  });

  it('wants event folders named like ids, and names an unreadable folder itself', async () => {
    const { dir, name } = await knowledge({
      'ev/good.md': entryText('good', { event: 'ev' }),
      'Bad_Event/a.md': entryText('a', { event: 'Bad_Event' }),
      'locked/b.md': entryText('b', { event: 'locked' }),
    });
    chmodTree(dir, 0o755);
    chmodTree(path.join(dir, 'locked'), 0o000);
    const check = await kubeconBot(['check'], { KNOWLEDGE_DIR: dir }, { unprivileged: true });
    expect(check.output).toBe(
      [
        'kubecon-bot: invalid knowledge (2 problems):',
        `  ${name}/Bad_Event: an event folder is named like an id: kebab-case (a-z, 0-9, dashes)`,
        `  ${name}/locked: cannot list the folder: permission denied`,
        '',
      ].join('\n'),
    );
    expect(check.code).toBe(1);
  });

  it('says the front matter is empty, or is not a mapping of fields, in plain words', async () => {
    const { dir, name } = await knowledge({ 'ev/empty.md': '---\n---\nUn corps.\n', 'ev/list.md': '---\n- id: list\n- title: Liste\n---\nUn corps.\n' });
    const check = await kubeconBot(['check'], { KNOWLEDGE_DIR: dir });
    expect(check.output).toBe(
      [
        'kubecon-bot: invalid knowledge (2 problems):',
        `  ${name}/ev/empty.md: line 1: the front matter between the two --- lines is empty`,
        `  ${name}/ev/list.md: line 2: the front matter must be a mapping of fields (id: …, title: …), not a list`,
        '',
      ].join('\n'),
    );
  });
});

describe('read-only commands and the state folder', () => {
  it('answers, lists and checks with a state folder that does not exist, and does not create it', async () => {
    const stateDir = path.join(tempDir('kubecon-nostate-'), 'never-made');
    for (const args of [['ask', 'helm3'], ['list'], ['check'], ['backlog']]) {
      const result = await kubeconBot(args, { KNOWLEDGE_DIR, STATE_DIR: stateDir });
      expect(result.code, `${args.join(' ')}: ${result.output}`).toBe(0);
    }
    expect(existsSync(stateDir)).toBe(false);
  });

  it('answers from a read-only state folder, with the live status it holds', async () => {
    const state = tempStateDir();
    cleanups.push(() => {
      chmodTree(state.dir, 0o755);
      state.cleanup();
    });
    const store = openSqliteStore(state.dir);
    await store.changeTool('helm-3', () => ({ write: { kind: 'claim', by: 'U0ALICE', at: new Date('2026-11-30T10:00:00Z') }, result: undefined }));
    await store.close();
    chmodTree(state.dir, 0o555);
    const ask = await kubeconBot(['ask', 'helm3'], { KNOWLEDGE_DIR, STATE_DIR: state.dir }, { unprivileged: true });
    expect(ask.output).toContain('@U0ALICE s’en occupe');
    expect(ask.code).toBe(0);
    const list = await kubeconBot(['list'], { KNOWLEDGE_DIR, STATE_DIR: state.dir }, { unprivileged: true });
    expect(list.code, list.output).toBe(0);
  });

  it('says STATE_DIR is not a folder when it names a file, in one line', async () => {
    const file = path.join(tempDir('kubecon-statefile-'), 'state');
    writeFileSync(file, '');
    const backlog = await kubeconBot(['backlog'], { KNOWLEDGE_DIR, STATE_DIR: file });
    expect(backlog.output).toBe(`kubecon-bot: STATE_DIR ${file} is a file, not a folder\n`);
    expect(backlog.code).toBe(1);
  });

  // Node's recursive mkdirSync used to spin at 100% CPU there, forever.
  it.runIf(process.platform === 'linux')('says a STATE_DIR that cannot be created cannot be, even where the kernel refuses it oddly (/proc)', async () => {
    const digest = await kubeconBot(['digest', '--now'], { KNOWLEDGE_DIR, STATE_DIR: '/proc/kubecon-state' });
    expect(digest.output).toBe('kubecon-bot: STATE_DIR /proc/kubecon-state cannot be created: not found\n');
    expect(digest.code).toBe(1);
  });
});

describe('the .env file', () => {
  it('reads .env in the working directory, the environment winning', async () => {
    const cwd = tempDir('kubecon-cwd-');
    mkdirSync(path.join(cwd, 'kb/ev'), { recursive: true });
    writeFileSync(path.join(cwd, 'kb/ev/a.md'), entryText('a', { event: 'ev' }));
    writeFileSync(path.join(cwd, '.env'), '# ours\nKNOWLEDGE_DIR=./kb\nexport STATE_DIR="./state"\nBOT_LOCALE=de # not a locale\n');
    const check = await kubeconBot(['check'], { BOT_LOCALE: 'en' }, { cwd });
    expect(check.output).toBe(`OK: 1 entries, 1 event(s) (ev) in ${path.join(cwd, 'kb')}\n`);
    expect(check.code).toBe(0);
    const refused = await kubeconBot(['check'], {}, { cwd });
    expect(refused.output).toBe('kubecon-bot: BOT_LOCALE must be one of fr, en\n');
  });

  it('takes .env.example copied to .env, as the README says to', async () => {
    const cwd = tempDir('kubecon-cwd-');
    copyFileSync(path.join(ROOT, '.env.example'), path.join(cwd, '.env'));
    symlinkSync(path.join(ROOT, 'knowledge'), path.join(cwd, 'knowledge'));
    const check = await kubeconBot(['check'], {}, { cwd });
    expect(check.output).toMatch(/^OK: \d+ entries, 1 event\(s\) \(kubecon-eu-2019\) in /);
    expect(check.code).toBe(0);
  });

  it('refuses a malformed .env, naming the line and never printing its content', async () => {
    const cwd = tempDir('kubecon-cwd-');
    writeFileSync(path.join(cwd, '.env'), 'LOG_LEVEL=info\nSLACK_BOT_TOKEN xoxb-secret-value\n');
    const result = await kubeconBot(['check'], { KNOWLEDGE_DIR }, { cwd });
    expect(result.output).toBe(`kubecon-bot: ${path.join(cwd, '.env')}, line 2: expected NAME=value\n`);
    expect(result.code).toBe(2);
    writeFileSync(path.join(cwd, '.env'), '# tokens\nSLACK_SIGNING_SECRET="abc\nSLACK_BOT_TOKEN=xoxb-secret-value\n');
    const unclosed = await kubeconBot(['check'], { KNOWLEDGE_DIR }, { cwd });
    expect(unclosed.output).toBe(`kubecon-bot: ${path.join(cwd, '.env')}, line 2: the value's " is never closed\n`);
  });

  it('says so when .env cannot be read', async () => {
    const cwd = tempDir('kubecon-cwd-');
    mkdirSync(path.join(cwd, '.env'));
    const result = await kubeconBot(['check'], { KNOWLEDGE_DIR }, { cwd });
    expect(result.output).toBe(`kubecon-bot: cannot read ${path.join(cwd, '.env')}: it is a folder\n`);
    expect(result.code).toBe(2);
  });
});

describe('standard output', () => {
  it('exits 1 with a message when standard output is closed, and 0 when it goes to /dev/null', async () => {
    const env = { KNOWLEDGE_DIR, STATE_DIR: path.join(tempDir('kubecon-state-'), 'state') };
    const closed = run(['bash', '-c', `node ${CLI} ask --json helm3 >&-; echo "exit=$?"`], env);
    await closed.exited;
    expect(closed.output()).toBe('kubecon-bot: standard output is closed: nowhere to write the output (redirect it to a file or /dev/null)\nexit=1\n');
    const devNull = run(['bash', '-c', `node ${CLI} ask --json helm3 >/dev/null; echo "exit=$?"`], env);
    await devNull.exited;
    expect(devNull.output()).toBe('exit=0\n');
  });
});
