import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from '../slack/blocks/limits.js';

// Renders the very Block Kit messages Slack gets as terminal text, so the
// console shows what Slack would show.

export interface TerminalStyle {
  bold(text: string): string;
  dim(text: string): string;
  italic(text: string): string;
}

export const PLAIN: TerminalStyle = { bold: (t) => t, dim: (t) => t, italic: (t) => t };
export const ANSI: TerminalStyle = {
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
  // 22 ends bold and dim alike: a bold word inside a dim line would end the dim.
  dim: (t) => `\x1b[2m${t.replaceAll('\x1b[22m', '\x1b[22m\x1b[2m')}\x1b[22m`,
  italic: (t) => `\x1b[3m${t}\x1b[23m`,
};

const EMOJI: Record<string, string> = {
  ':red_circle:': '🔴',
  ':large_orange_circle:': '🟠',
  ':white_circle:': '⚪',
  ':seedling:': '🌱',
  ':hatching_chick:': '🐣',
  ':mortar_board:': '🎓',
  ':test_tube:': '🧪',
  ':white_check_mark:': '✅',
  ':no_entry_sign:': '🚫',
  ':raising_hand:': '🙋',
  ':calendar:': '📅',
  ':hourglass_flowing_sand:': '⏳',
};

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/** The three entities Slack decodes in every text object (plain_text too), in one pass: `&amp;lt;` is `&lt;`. */
function decodeEntities(text: string): string {
  return text.replace(/&(?:lt|gt|amp);/g, (entity) => ENTITIES[entity]!);
}

/** Slack mrkdwn → terminal text: links as `label (url)`, bold and italics styled, entities decoded. */
export function mrkdwnToTerminal(text: string, style: TerminalStyle): string {
  return text
    .replace(/\u200b/g, '')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) => `${label} (${url})`)
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, (_, pre: string, t: string) => `${pre}${style.bold(t)}`)
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, (_, pre: string, t: string) => `${pre}${style.italic(t)}`)
    .replace(/:[a-z_]+:/g, (code) => EMOJI[code] ?? code)
    .replace(/&(?:lt|gt|amp);/g, decodeEntities);
}

const STYLE_CODE = /\x1b\[[0-9;]*m/g;
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// Built from a string: TypeScript accepts the `v` flag only when targeting ES2024.
const WIDE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const EAST_ASIAN_WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** The columns `text` takes in a terminal: styles none, emoji and East Asian wide characters two. */
export function terminalWidth(text: string): number {
  let width = 0;
  for (const { segment } of GRAPHEMES.segment(text.replace(STYLE_CODE, ''))) width += WIDE_EMOJI.test(segment) || EAST_ASIAN_WIDE.test(segment) ? 2 : 1;
  return width;
}

// Between buttons, and around a context's `·`: where a row had best break.
const WIDE_GAP = /( {2,}(?:· +)?)/;

/**
 * Breaks a line at its spaces so that no row is wider than `width` columns,
 * at the wide gaps between buttons and list items where it can, so that a
 * button's label stays on one row. Rows after the first are indented like the
 * line's text (under a bullet's text). A word wider than a row keeps a row of
 * its own, whole: a URL cut in two no longer opens.
 */
export function wrapLine(line: string, width: number): string[] {
  if (terminalWidth(line) <= width) return [line];
  const lead = /^ *(?:[•◦▪-] +)?/.exec(line)![0];
  const indent = terminalWidth(lead) <= width / 2 ? ' '.repeat(terminalWidth(lead)) : '';
  const room = width - indent.length;
  // A piece too wide for any row is cut at its single spaces, and starts a row.
  const pieces: { gap: string; text: string; startsRow?: boolean }[] = [];
  const wide = line.slice(lead.length).split(WIDE_GAP);
  for (let i = 0; i < wide.length; i += 2) {
    const gap = wide[i - 1] ?? '';
    const piece = wide[i]!;
    if (terminalWidth(piece) <= room) {
      if (piece) pieces.push({ gap, text: piece });
      continue;
    }
    const words = piece.split(/( +)/);
    for (let j = 0; j < words.length; j += 2) if (words[j]) pieces.push({ gap: j === 0 ? gap : words[j - 1]!, text: words[j]!, startsRow: j === 0 });
  }
  const rows = [lead];
  for (const { gap, text, startsRow } of pieces) {
    const row = rows.at(-1)!;
    const fresh = row === lead || row === indent;
    if (fresh) rows[rows.length - 1] = row + text;
    else if (!startsRow && terminalWidth(row + gap + text) <= width) rows[rows.length - 1] = row + gap + text;
    else rows.push(indent + text);
  }
  return rows;
}

/** `text` with each of its lines wrapped to `width` columns (see wrapLine). */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width))
    .join('\n');
}

export interface RenderedButton {
  index: number;
  actionId: string;
  value?: string;
}

/** The terminal text and the numbered buttons a person can pick by typing the number. */
export function renderForTerminal(
  message: SlackMessage,
  style: TerminalStyle = PLAIN,
  options: { numberButtons?: boolean; /** Wrap on words to this many columns (a terminal's width). */ width?: number } = {},
): { text: string; buttons: RenderedButton[] } {
  const { numberButtons = true, width } = options;
  const lines: string[] = [];
  const buttons: RenderedButton[] = [];
  const button = (escapedLabel: string, actionId: string | undefined, value: string | undefined) => {
    const label = decodeEntities(escapedLabel);
    if (!actionId || !numberButtons) return `[${label}]`;
    const index = buttons.length + 1;
    buttons.push({ index, actionId, value });
    return `[${index}] ${label}`;
  };
  const text = (t: { type: string; text: string }) => (t.type === 'mrkdwn' ? mrkdwnToTerminal(t.text, style) : decodeEntities(t.text));
  for (const block of message.blocks as KnownBlock[]) {
    if (lines.length > 0 && block.type !== 'actions') lines.push('');
    switch (block.type) {
      case 'header': {
        const title = decodeEntities(block.text.text);
        lines.push(style.bold(title), '═'.repeat(Math.min(60, width ?? 60, terminalWidth(title))));
        break;
      }
      case 'section': {
        if (block.text) lines.push(text(block.text));
        for (const field of block.fields ?? []) lines.push(text(field));
        if (block.accessory?.type === 'button') lines.push(`  ${button(block.accessory.text.text, block.accessory.action_id, block.accessory.value)}`);
        break;
      }
      case 'context':
        lines.push(style.dim(block.elements.map((e) => ('text' in e ? text(e) : '')).join(' ')));
        break;
      case 'actions':
        lines.push(
          block.elements
            .map((e) => (e.type === 'button' ? button(e.text.text, e.action_id, e.value) : ''))
            .filter(Boolean)
            .join('   '),
        );
        break;
      case 'divider':
        lines.push('─'.repeat(40));
        break;
      default:
        break;
    }
  }
  const output = lines.join('\n').replace(/^\n+/, '');
  return { text: width ? wrapText(output, width) : output, buttons };
}
