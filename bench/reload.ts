import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { parseConfig } from '../src/config.js';
import type { Entry } from '../src/core/entry.js';
import { openRuntime } from '../src/runtime.js';
import { prepareKnowledgeMrkdwn } from '../src/slack/blocks/knowledge-mrkdwn.js';
import { generateEntries } from './generate.js';
import { fmt, summarize, time, timeAsync } from './stats.js';

// The reload of a running bot's knowledge (a file changed, or SIGHUP): read
// the folder, validate, index, build the tracker, swap; then the Slack app
// converts the new entries' Markdown to mrkdwn. Figures, never assertions.

const line = (label: string, value: string) => console.log(`  ${label.padEnd(34)} ${value}`);

/** Entries as the files a team writes: `<event>/<id>.md`. */
async function writeKnowledge(dir: string, entries: readonly Entry[]): Promise<void> {
  const events = new Set(entries.map((e) => e.event));
  for (const event of events) await mkdir(path.join(dir, event), { recursive: true });
  for (const { body, file: _file, ...front } of entries) {
    await writeFile(path.join(dir, front.event, `${front.id}.md`), `---\n${dump(front, { lineWidth: -1 })}---\n${body}\n`);
  }
}

async function timeReloads(label: string, dir: string, rounds: number): Promise<void> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'kubecon-bench-state-'));
  const parsed = parseConfig({ KNOWLEDGE_DIR: dir, STATE_DIR: stateDir });
  if (!parsed.ok) throw new Error(parsed.message);
  const opened = await openRuntime(parsed.config);
  if (!opened.ok) throw new Error(opened.message);
  const { runtime } = opened;
  const reloads: number[] = [];
  const conversions: number[] = [];
  const { ms: firstConversion, value: mrkdwn } = time(() => prepareKnowledgeMrkdwn(runtime.assistant.entries));
  for (let i = 0; i < rounds; i++) {
    const { ms, value } = await timeAsync(() => runtime.reload());
    if (!value.ok) throw new Error('the reload was refused');
    reloads.push(ms);
    conversions.push(time(() => mrkdwn.prepare(value.value.assistant.entries)).ms);
  }
  console.log(`\nReload: ${label} (${runtime.assistant.entries.length.toLocaleString('en')} entries)`);
  line('reload (read, check, index, swap)', `first ${fmt(reloads[0]!)}, then p50 ${fmt(summarize(reloads.slice(1)).p50)} (n=${reloads.length - 1})`);
  line('Slack mrkdwn, every entry (start)', fmt(firstConversion));
  line('Slack mrkdwn at reload, unchanged', `p50 ${fmt(summarize(conversions).p50)}`);
  runtime.close();
  await rm(stateDir, { recursive: true, force: true });
}

/** `npm run bench -- --only reload`: the recap's folder, and 10,000 generated entries written as files. */
export async function benchReload(knowledgeDir: string, recap: readonly Entry[]): Promise<void> {
  await timeReloads('the recap', knowledgeDir, 10);
  const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-bench-knowledge-'));
  try {
    await cp(knowledgeDir, dir, { recursive: true });
    await writeKnowledge(dir, generateEntries(10_000, recap));
    await timeReloads('10,000 generated entries (+ the recap)', dir, 4);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
