import { describe, expect, it } from 'vitest';
import type { Block, HomeView, KnownBlock } from '@slack/types';
import { deriveBacklog } from '../../src/core/backlog.js';
import { composeDigest } from '../../src/core/digest.js';
import type { Entry } from '../../src/core/entry.js';
import { boardReply, digestReply, type AnswerReply } from '../../src/core/reply.js';
import type { ToolState } from '../../src/core/store.js';
import type { BoardRow } from '../../src/core/tracker.js';
import { toolStatus } from '../../src/core/tool-status.js';
import { fr } from '../../src/locale/fr.js';
import { renderAnswer } from '../../src/slack/blocks/answer.js';
import { renderDigest } from '../../src/slack/blocks/digest.js';
import { renderHome } from '../../src/slack/blocks/home.js';
import { prepareKnowledgeMrkdwn, type KnowledgeMrkdwn } from '../../src/slack/blocks/knowledge-mrkdwn.js';
import { md } from '../../src/slack/blocks/mrkdwn.js';
import { makeEntry } from '../support/entries.js';

// The builders on their own: plain inputs, Block Kit out, no app, no store.

const TZ = 'Europe/Paris';
/** slackify-markdown puts zero-width spaces around emphasis, so Slack sees it even inside a word. */
const ZWSP = '\u200B';
const EVENT = { id: 'test', title: 'KubeCon Test 2019' };

/** Slack's limits for what a message (or a view) may hold: invalid_blocks otherwise. */
function expectWithinSlackLimits(message: { text?: string; blocks: (KnownBlock | Block)[] }, maxBlocks = 50): void {
  const chars = (text: string) => Array.from(text).length;
  if ('text' in message) expect(message.text?.trim(), 'fallback text').toBeTruthy();
  expect(message.blocks.length).toBeLessThanOrEqual(maxBlocks);
  const buttons: { text: { text: string }; value?: string }[] = [];
  for (const block of message.blocks as KnownBlock[]) {
    if (block.type === 'header') expect(chars(block.text.text)).toBeLessThanOrEqual(150);
    if (block.type === 'section') {
      if (block.text) expect(chars(block.text.text)).toBeLessThanOrEqual(3000);
      if (block.accessory?.type === 'button') buttons.push(block.accessory);
    }
    if (block.type === 'actions') for (const e of block.elements) if (e.type === 'button') buttons.push(e);
  }
  for (const button of buttons) {
    expect(chars(button.text.text)).toBeLessThanOrEqual(75);
    expect(chars(button.value ?? '')).toBeLessThanOrEqual(2000);
  }
}

const texts = (blocks: unknown): string[] => JSON.stringify(blocks).match(/"text":"((?:[^"\\]|\\.)*)"/g)?.map((t) => JSON.parse(`{${t}}`).text as string) ?? [];
type Button = { action_id: string; value: string; text: { text: string } };
const buttonsOf = (blocks: (KnownBlock | Block)[]): Button[] =>
  (blocks as KnownBlock[]).flatMap((b): unknown[] => (b.type === 'actions' ? b.elements : b.type === 'section' && b.accessory ? [b.accessory] : [])) as Button[];

const loki = makeEntry('loki', {
  title: 'Loki',
  cncf_maturity: 'incubating',
  summary: 'Des **logs** indexés par labels, voir [le site](https://grafana.com/oss/loki/).',
  key_points: ['Pas d’index *plein texte*', 'Requêtes en `LogQL`'],
  links: [{ title: 'Dépôt', url: 'https://github.com/grafana/loki' }],
  backlog: { priority: 'high', reason: 'Nos **logs** coûtent cher.' },
});
const helm = makeEntry('helm', { title: 'Helm 3', summary: 'Plus de Tiller.' });
const opa = makeEntry('opa', { title: 'OPA', backlog: { priority: 'normal', reason: 'Des règles *en code*.' } });
const entries = [loki, helm, opa];
const knowledge = prepareKnowledgeMrkdwn(entries);
const backlog = deriveBacklog(entries);

function entryReply(entry: Entry, tool?: BoardRow): AnswerReply {
  return {
    kind: 'answer',
    answer: { kind: 'entry', query: entry.id, entry, event: EVENT, related: [helm], hits: [], ...(tool && { backlog: tool.item }) },
    ...(tool && { tool }),
    actions: [
      { kind: 'open', entry: helm },
      { kind: 'share', entryId: entry.id },
    ],
  };
}

/** Tools with long titles, the first with a reason longer than a section holds (converting Markdown is slow: one is enough). */
const hugeBacklog = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    makeEntry(`tool-${i}`, { title: `Outil ${i} ${'z'.repeat(140)}`, summary: i === 0 ? 'Résumé long. '.repeat(300) : 'Court.', backlog: { priority: 'low', reason: i === 0 ? 'Raison longue. '.repeat(250) : 'Court.' } }),
  );

const row = (item = backlog[0]!, state?: ToolState): BoardRow => ({ item, ...(state && { state }), status: toolStatus(state) });

describe('renderAnswer', () => {
  it("builds an entry's card: title, badges, its Markdown as mrkdwn, key points, why to try it, links, source, related and share buttons", () => {
    const card = renderAnswer(entryReply(loki, row()), fr, knowledge);
    expect(card.blocks.map((b) => b.type)).toEqual(['header', 'context', 'section', 'section', 'section', 'section', 'context', 'section', 'actions']);
    expect(texts(card.blocks)).toEqual(
      expect.arrayContaining([
        'Loki',
        `Des ${ZWSP}*logs*${ZWSP} indexés par labels, voir <https://grafana.com/oss/loki/|le site>.`,
        `*Points clés*\n• Pas d’index ${ZWSP}_plein texte_${ZWSP}\n• Requêtes en \`LogQL\``,
        `:test_tube: Nos ${ZWSP}*logs*${ZWSP} coûtent cher.`,
        '*Liens*\n• <https://github.com/grafana/loki|Dépôt>',
      ]),
    );
    expect(buttonsOf(card.blocks).map((b) => [b.action_id, b.value])).toEqual([
      ['open_entry:helm', 'helm'],
      ['share_answer', 'loki'],
    ]);
    expect(card.text).toBe('Loki (CNCF incubating) : Des **logs** indexés par labels, voir [le site](https://grafana.com/oss/loki/).');
    expectWithinSlackLimits(card);
  });

  it('builds the card from the mrkdwn prepared when the knowledge loaded, converting nothing itself', () => {
    const converted = { summary: md`prepared summary`, keyPoints: md`• prepared point`, links: md`• prepared link`, backlogReason: md`prepared reason` };
    const prepared: KnowledgeMrkdwn = { prepare: () => undefined, of: (entry) => (entry === loki ? converted : knowledge.of(entry)) };
    const card = renderAnswer(entryReply(loki, row()), fr, prepared);
    expect(texts(card.blocks)).toEqual(expect.arrayContaining(['prepared summary', '*Points clés*\n• prepared point', '*Liens*\n• prepared link', ':test_tube: prepared reason']));
  });

  it('builds a fresh card each time: nothing is shared between answers', () => {
    const first = renderAnswer(entryReply(loki), fr, knowledge);
    const second = renderAnswer(entryReply(loki), fr, knowledge);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(Object.isFrozen(first.blocks)).toBe(false);
    first.blocks.length = 0;
    expect(renderAnswer(entryReply(loki), fr, knowledge).blocks).toEqual(second.blocks);
  });

  it('shows where the team stands with a tool, and drops the "to try" badge once it has a verdict', () => {
    const state: ToolState = { entryId: 'loki', verdicts: [{ entryId: 'loki', verdict: 'trial', by: 'U0BOB', at: new Date('2026-01-01T00:00:00Z') }] };
    const card = renderAnswer(entryReply(loki, row(backlog[0], state)), fr, knowledge);
    const badges = texts(card.blocks[1])[0]!;
    expect(badges).toContain(':white_check_mark: verdict *Trial* par <@U0BOB>');
    expect(badges).not.toContain('À tester');
  });

  it('keeps a huge entry within Slack limits', () => {
    const huge = makeEntry('huge', {
      title: 'T'.repeat(400),
      summary: 'mot '.repeat(2000),
      key_points: Array.from({ length: 80 }, (_, i) => `point ${i} ${'x'.repeat(100)}`),
      links: Array.from({ length: 60 }, (_, i) => ({ title: `lien ${i}`, url: `https://example.org/${i}` })),
    });
    const related = Array.from({ length: 30 }, (_, i) => makeEntry(`r${i}`, { title: `Relié ${i} ${'y'.repeat(100)}` }));
    const reply: AnswerReply = {
      kind: 'answer',
      answer: { kind: 'entry', query: 'huge', entry: huge, event: EVENT, related, hits: [] },
      actions: related.map((entry) => ({ kind: 'open', entry })),
    };
    expectWithinSlackLimits(renderAnswer(reply, fr, prepareKnowledgeMrkdwn([huge])));
  });

  it('says nothing was found, with what the query may have meant', () => {
    const reply: AnswerReply = {
      kind: 'answer',
      answer: { kind: 'none', query: '<!here> pizza', suggestions: [helm], hits: [] },
      suggestedCommand: 'backlog',
      actions: [{ kind: 'open', entry: helm }],
    };
    const card = renderAnswer(reply, fr, knowledge);
    expect(texts(card.blocks)[0]).toBe('Rien dans le compte rendu pour « &lt;!here&gt; pizza ».');
    expect(buttonsOf(card.blocks).map((b) => b.action_id)).toEqual(['open_entry:helm']);
    expectWithinSlackLimits(card);
  });
});

describe('renderDigest', () => {
  const nextRun = new Date('2026-12-07T08:00:00Z');

  it('shows the tool of the week with the buttons its state allows, then where the backlog stands, then the next date', () => {
    const states = new Map<string, ToolState>([['opa', { entryId: 'opa', claimedBy: 'U0ALICE', verdicts: [] }]]);
    const message = renderDigest(digestReply(composeDigest({ backlog, states, history: [], nextRun }), { preview: false }), fr, knowledge, TZ);
    expect(message.text).toBe('Outil de la semaine : Loki');
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'context', 'actions', 'divider', 'section', 'section', 'context']);
    expect(texts(message.blocks)).toEqual(
      expect.arrayContaining([
        `:red_circle: *Loki* · haute\nDes ${ZWSP}*logs*${ZWSP} indexés par labels, voir <https://grafana.com/oss/loki/|le site>.`,
        `*Pourquoi le tester*\nNos ${ZWSP}*logs*${ZWSP} coûtent cher.`,
        ':hourglass_flowing_sand: à prendre',
      ]),
    );
    expect(message.blocks[5]).toMatchObject({ block_id: 'tool:loki' });
    expect(buttonsOf(message.blocks).map((b) => [b.action_id, b.value])).toEqual([
      ['digest_claim', 'loki'],
      ['digest_verdict', 'loki'],
      ['digest_dismiss', 'loki'],
    ]);
    expect(texts(message.blocks[8])[0]).toContain('• OPA : <@U0ALICE> s’en occupe');
    expect(texts(message.blocks.at(-1))[0]).toMatch(/^:calendar: Prochain digest : /);
    expectWithinSlackLimits(message);
  });

  it('says so when there is no tool to feature', () => {
    const message = renderDigest(digestReply(composeDigest({ backlog: [], states: new Map(), history: [] }), { preview: false }), fr, knowledge, TZ);
    expect(message.text).toBe(fr.digest.noTool);
    expect(buttonsOf(message.blocks)).toEqual([]);
    expectWithinSlackLimits(message);
  });

  it('keeps a digest of a huge backlog within Slack limits', () => {
    const many = hugeBacklog(60);
    const message = renderDigest(digestReply(composeDigest({ backlog: deriveBacklog(many), states: new Map(), history: [], nextRun }), { preview: true }), fr, prepareKnowledgeMrkdwn(many), TZ);
    expectWithinSlackLimits(message);
  });
});

describe('renderHome', () => {
  it('shows the board: the next digest, then each tool with its open button and the buttons its state allows', () => {
    const dismissed: ToolState = { entryId: 'opa', verdicts: [], dismissed: { by: 'U0EVE', reason: 'trop tôt', at: new Date('2026-01-01T00:00:00Z') } };
    const view: HomeView = renderHome(boardReply([row(backlog[0]), row(backlog[1], dismissed)], new Date('2026-12-07T08:00:00Z')), fr, knowledge, TZ);
    expect(view.type).toBe('home');
    expect(view.blocks.map((b) => b.type)).toEqual(['header', 'context', 'section', 'actions', 'divider', 'section', 'actions', 'divider', 'section']);
    expect(texts(view.blocks[5])).toEqual([`:red_circle: *Loki* · haute\nNos ${ZWSP}*logs*${ZWSP} coûtent cher.\n:hourglass_flowing_sand: à prendre`, 'Loki']);
    expect(texts(view.blocks[8])[0]).toContain(':no_entry_sign: écarté par <@U0EVE> : trop tôt');
    expect(buttonsOf(view.blocks).map((b) => b.action_id)).toEqual(['propose_tool', 'open_entry:loki', 'digest_claim', 'digest_verdict', 'digest_dismiss', 'open_entry:opa']);
    expectWithinSlackLimits(view, 100);
  });

  it('says the board is empty, and that no digest is scheduled', () => {
    const view = renderHome(boardReply([], undefined), fr, knowledge, TZ);
    expect(texts(view.blocks)).toEqual(expect.arrayContaining([fr.home.empty, `:calendar: ${fr.digest.notScheduled}`]));
  });

  it('keeps a board of a huge backlog within the 100 blocks a view may hold and the other limits', () => {
    const many = hugeBacklog(60);
    const view = renderHome(boardReply(deriveBacklog(many).map((item) => row(item)), undefined), fr, prepareKnowledgeMrkdwn(many), TZ);
    expectWithinSlackLimits(view, 100);
  });
});
