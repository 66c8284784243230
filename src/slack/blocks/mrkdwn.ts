import slackifyMarkdown from 'slackify-markdown';

/**
 * Knowledge Markdown → Slack mrkdwn (bold, lists, `<url|label>` links).
 * slackify-markdown passes raw HTML through, so any `<!…>`, `<@…>` or `<#…>`
 * left in an entry is escaped afterwards: an entry can never ping anyone.
 */
export function markdownToMrkdwn(markdown: string): string {
  return slackifyMarkdown(markdown)
    .replace(/<([!@#])/g, '&lt;$1')
    .trim();
}
