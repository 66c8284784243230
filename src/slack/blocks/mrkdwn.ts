import { LRUCache } from 'lru-cache';
import slackifyMarkdown from 'slackify-markdown';

// Converting runs a full Markdown parser (about 0.3 ms a snippet); the
// snippets are the knowledge's own and few, so each is converted once.
const converted = new LRUCache<string, string>({ max: 20_000 });

/**
 * Knowledge Markdown → Slack mrkdwn (bold, lists, `<url|label>` links).
 * slackify-markdown passes raw HTML through, so any `<!…>`, `<@…>` or `<#…>`
 * left in an entry is escaped afterwards: an entry can never ping anyone.
 */
export function markdownToMrkdwn(markdown: string): string {
  let out = converted.get(markdown);
  if (out === undefined) {
    out = slackifyMarkdown(markdown)
      .replace(/<([!@#])/g, '&lt;$1')
      .trim();
    converted.set(markdown, out);
  }
  return out;
}
