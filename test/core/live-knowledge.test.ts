import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLiveKnowledge, type KnowledgeBuild } from '../../src/core/live-knowledge.js';
import { replyTo } from '../../src/core/reply.js';
import { renderReply } from '../../src/slack/blocks/command.js';
import { withKnowledgeMrkdwn } from '../../src/slack/blocks/knowledge-mrkdwn.js';
import { cleanupAfterEach } from '../support/cleanups.js';
import { entryText } from '../support/temp-knowledge.js';
import { openTempRuntime } from '../support/temp-runtime.js';
import type { Runtime } from '../../src/runtime.js';

const cleanup = cleanupAfterEach();

/** A build whose results the test hands out one at a time. */
function manualBuild<T>() {
  const pending: ((result: KnowledgeBuild<T>) => void)[] = [];
  let calls = 0;
  return {
    build: () => {
      calls += 1;
      return new Promise<KnowledgeBuild<T>>((resolve) => pending.push(resolve));
    },
    finish: (result: KnowledgeBuild<T>) => pending.shift()!(result),
    calls: () => calls,
    waiting: () => pending.length,
  };
}

const good = <T>(value: T, entries = 1): KnowledgeBuild<T> => ({ ok: true, value, entries, skipped: [] });

describe('the knowledge being served', () => {
  it('swaps whole: what a request took before a reload stays what it reads, the next one gets the new knowledge', async () => {
    const loader = manualBuild<{ version: number; text: string }>();
    const live = createLiveKnowledge({ initial: { version: 1, text: 'old' }, entries: 1, build: loader.build });
    const inFlight = live.current();
    const reloading = live.reload();
    // Loading and indexing happen off to the side: meanwhile the old knowledge is served.
    expect(live.current()).toBe(inFlight);
    loader.finish(good({ version: 2, text: 'new' }));
    await reloading;
    expect(inFlight).toEqual({ version: 1, text: 'old' });
    expect(live.current()).toEqual({ version: 2, text: 'new' });
  });

  it('keeps serving the last good knowledge through an invalid reload, and says why until a good one', async () => {
    const loader = manualBuild<string>();
    const live = createLiveKnowledge({ initial: 'v1', entries: 3, build: loader.build, clock: () => new Date('2026-12-01T10:00:00Z') });
    expect(live.health()).toEqual({ status: 'ok', entries: 3, loadedAt: '2026-12-01T10:00:00.000Z' });
    const broken = live.reload();
    loader.finish({ ok: false, problems: [{ file: 'k/e/loki.md', where: 'links[0].url', message: 'expected an http(s) URL' }] });
    expect(await broken).toMatchObject({ ok: false });
    expect(live.current()).toBe('v1');
    expect(live.health()).toMatchObject({ status: 'invalid', problems: ['k/e/loki.md: links[0].url: expected an http(s) URL'], entries: 3 });
    const fixed = live.reload();
    loader.finish(good('v2', 4));
    await fixed;
    expect(live.current()).toBe('v2');
    expect(live.health()).toEqual({ status: 'ok', entries: 4, loadedAt: '2026-12-01T10:00:00.000Z' });
  });

  it('runs one more reload after the one running, however many are asked for meanwhile', async () => {
    const loader = manualBuild<string>();
    const live = createLiveKnowledge({ initial: 'v1', entries: 1, build: loader.build });
    const first = live.reload();
    const second = live.reload();
    const third = live.reload();
    expect(loader.calls()).toBe(1);
    loader.finish(good('v2'));
    await first;
    await Promise.resolve();
    await Promise.resolve();
    expect(loader.calls()).toBe(2);
    loader.finish(good('v3'));
    expect(await second).toMatchObject({ ok: true, value: 'v3' });
    expect(await third).toMatchObject({ ok: true, value: 'v3' });
    expect(live.current()).toBe('v3');
  });

  it('tells its listeners of each knowledge swapped in, not of a refused one', async () => {
    const loader = manualBuild<string>();
    const live = createLiveKnowledge({ initial: 'v1', entries: 1, build: loader.build });
    const seen: string[] = [];
    live.onReload((value) => void seen.push(value));
    live.onReload(() => {
      throw new Error('a listener failing changes nothing');
    });
    const refused = live.reload();
    loader.finish({ ok: false, problems: [{ file: 'x', where: '', message: 'bad' }] });
    await refused;
    const accepted = live.reload();
    loader.finish(good('v2'));
    await accepted;
    expect(seen).toEqual(['v2']);
  });
});

const runtimeOn = (files: Record<string, string>) => openTempRuntime(files, cleanup);

const TOOL = { backlog: '\n  priority: high\n  reason: "À essayer."', aliases: '[zorglub]' };

describe('reloading the runtime', () => {
  it('answers a message begun before a reload from the knowledge it began with, card included', async () => {
    const { runtime, dir } = await runtimeOn({ 'test-event/zorglub.md': entryText('zorglub', { aliases: '[zorglub]', summary: 'Ancien résumé.' }) });
    const card = async (ctx: ReturnType<typeof withKnowledgeMrkdwn<ReturnType<Runtime['context']>>>) =>
      JSON.stringify(renderReply(await replyTo({ name: 'ask', query: 'zorglub' }, ctx), ctx.strings, ctx.mrkdwn, ctx.timeZone));
    const before = withKnowledgeMrkdwn(runtime.context());
    await writeFile(path.join(dir, 'test-event/zorglub.md'), entryText('zorglub', { aliases: '[zorglub]', summary: 'Nouveau résumé.' }));
    expect(await runtime.reload()).toMatchObject({ ok: true });
    expect(await card(before)).toContain('Ancien résumé.');
    expect(await card(withKnowledgeMrkdwn(runtime.context()))).toContain('Nouveau résumé.');
  });

  it('keeps a tool’s claim in the store while its file is gone, and shows it again when the file comes back', async () => {
    const text = entryText('zorglub', TOOL);
    const { runtime, dir } = await runtimeOn({ 'test-event/zorglub.md': text, 'test-event/autre.md': entryText('autre') });
    expect(await runtime.tracker.claim('zorglub', 'U0ALICE')).toMatchObject({ ok: true });
    await rm(path.join(dir, 'test-event/zorglub.md'));
    expect(await runtime.reload()).toMatchObject({ ok: true });
    expect(await runtime.tracker.row('zorglub')).toBeUndefined();
    expect(runtime.assistant.entry('zorglub')).toBeUndefined();
    await writeFile(path.join(dir, 'test-event/zorglub.md'), text);
    expect(await runtime.reload()).toMatchObject({ ok: true });
    expect((await runtime.tracker.row('zorglub'))?.state?.claimedBy).toBe('U0ALICE');
  });
});
