import type { MrkdwnElement, PlainTextElement } from '@slack/types';
import slackifyMarkdown from 'slackify-markdown';

// The one place text becomes Slack text. Slack reads `&`, `<` and `>` as
// control characters in every text object (`<!channel>` pings, `<x>` is a
// link), so each one in text, whoever wrote it (a user, the knowledge, the
// locale catalogue, the code), goes out as `&amp;`, `&lt;`, `&gt;`. Markup is
// made only by the functions here (mention, link, markdownToMrkdwn), and is
// carried as a Mrkdwn value, so it is never escaped twice nor taken for text.

const SLACK_CONTROL = /[&<>]/;
const SLACK_CONTROLS = /[&<>]/g;
const SLACK_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes what Slack reads as markup, so `<!channel>` typed by a user is shown, never acted on. */
export function escapeSlackText(text: string): string {
  // Every card escapes dozens of strings, most with nothing to escape: one test, then one pass.
  return SLACK_CONTROL.test(text) ? text.replace(SLACK_CONTROLS, (c) => SLACK_ENTITIES[c]!) : text;
}

class MrkdwnText {
  constructor(readonly text: string) {}
}

/** Slack mrkdwn, ready to send: every `&`, `<` and `>` in it is markup or escaped. Only this module makes one. */
export type Mrkdwn = MrkdwnText;

/** What goes into mrkdwn: text (escaped on the way), a number, or mrkdwn already. */
export type MrkdwnPart = string | number | Mrkdwn;

const partText = (part: MrkdwnPart): string => (part instanceof MrkdwnText ? part.text : escapeSlackText(String(part)));

/**
 * Mrkdwn from a template: its literal parts and every interpolated string are
 * text and escaped (so a builder's own `<question>` is shown as written);
 * Mrkdwn parts go in as they are. `md\`*${title}*\n${markdownToMrkdwn(summary)}\``
 */
export function md(literals: TemplateStringsArray, ...parts: MrkdwnPart[]): Mrkdwn {
  let out = escapeSlackText(literals[0]!);
  parts.forEach((part, i) => {
    out += partText(part) + escapeSlackText(literals[i + 1]!);
  });
  return new MrkdwnText(out);
}

/** Text as mrkdwn: `text(title)` = md`${title}`. */
export const text = (part: MrkdwnPart): Mrkdwn => (part instanceof MrkdwnText ? part : new MrkdwnText(partText(part)));

export function joinMrkdwn(parts: readonly MrkdwnPart[], separator: string): Mrkdwn {
  return new MrkdwnText(parts.map(partText).join(escapeSlackText(separator)));
}

/** `<@U123>`: Slack shows the person's name. */
export const mention = (userId: string): Mrkdwn => new MrkdwnText(`<@${escapeSlackText(userId)}>`);

/** Who did something: a Slack user id as a mention, any other name (`kubecon-bot propose --by`) as text. */
export const person = (by: string): Mrkdwn => (/^[UW][A-Z0-9]{2,}$/.test(by) ? mention(by) : text(by));

/** `<url|label>`; a `|` would end the URL early, so it is percent-encoded. */
export const link = (url: string, label: MrkdwnPart): Mrkdwn => new MrkdwnText(`<${escapeSlackText(url).replace(/\|/g, '%7C')}|${partText(label)}>`);

type TemplateArgs<P extends unknown[]> = { [K in keyof P]: P[K] extends number ? number : MrkdwnPart };
const HOLE = /\u0000(\d+)\u0000/g;

/**
 * A locale catalogue template filled in as mrkdwn: the catalogue's own text is
 * escaped, the arguments go in as MrkdwnPart (a mention stays a mention, a
 * title is escaped once). Catalogue functions only place their string
 * arguments, so each is handed a placeholder first, the result escaped, then
 * the placeholders replaced; numbers are passed as they are (plurals).
 */
export function say<P extends unknown[]>(template: (...args: P) => string, ...args: TemplateArgs<P>): Mrkdwn {
  const holes = args.map((arg, i) => (typeof arg === 'number' ? arg : `\u0000${i}\u0000`)) as P;
  const filled = escapeSlackText(template(...holes)).replace(HOLE, (_, i: string) => partText(args[Number(i)] as MrkdwnPart));
  return new MrkdwnText(filled);
}

/** A mrkdwn text object. */
export const mrkdwnText = (value: Mrkdwn): MrkdwnElement => ({ type: 'mrkdwn', text: value.text });

/** A plain_text object (headers, buttons, labels): Slack decodes the same three entities there. */
export const plainText = (value: string): PlainTextElement => ({ type: 'plain_text', text: escapeSlackText(value), emoji: true });

// slackify-markdown's output: text escaped, `<url|label>` links, `>` quotes
// at line starts; inline code and raw HTML pass through as written. Those are
// escaped here, leaving the links, quotes and entities it made.
const RAW_IN_SLACKIFIED = /(<(?:https?|mailto):[^<>\s|]*\|[^<>]*>)|&(?!(?:amp|lt|gt);)|<|(?<!^)>/gm;

/**
 * Knowledge Markdown → Slack mrkdwn (bold, lists, `<url|label>` links). What
 * slackify-markdown leaves raw (inline code, HTML such as `<!here>`) is
 * escaped afterwards: an entry can never ping anyone nor make a stray link.
 * It runs a full Markdown parser: the knowledge's snippets are converted once,
 * at start (see prepareKnowledgeMrkdwn).
 */
export function markdownToMrkdwn(markdown: string): Mrkdwn {
  return new MrkdwnText(slackifyMarkdown(markdown).trim().replace(RAW_IN_SLACKIFIED, (raw, link?: string) => link ?? escapeSlackText(raw)));
}
