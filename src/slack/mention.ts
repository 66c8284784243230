/**
 * The question in an `app_mention`'s text: the bot's own mention removed, and
 * Slack's markup turned back into what the person saw (`<#C1|general>` →
 * `#general`, `<https://x|x>` → `x`, `<!here>` → nothing).
 */
export function questionFromMention(text: string, botUserId?: string): string {
  return text
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/gi, (whole, id: string) => (botUserId && id !== botUserId ? `@${id}` : ''))
    .replace(/<#[A-Z0-9]+\|([^>]*)>/gi, '#$1')
    .replace(/<![^>]*>/g, '')
    .replace(/<([^>|]+)\|([^>]*)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
