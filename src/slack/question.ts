const MARKUP = /[<&]/;

/**
 * What a person typed, from the text Slack sends (a mention's, or a slash
 * command's): the bot's own mention removed, and Slack's markup and escaping
 * turned back into what the person saw (`<#C1|general>` → `#general`,
 * `<https://x|x>` → `x`, `<!here>` → nothing, `&lt;` → `<`). Whatever is shown
 * back is escaped again on the way out.
 */
export function questionFromSlack(text: string, botUserId?: string): string {
  // Most questions carry no markup nor entity: nine replacements for nothing, on every request.
  if (!MARKUP.test(text)) return text.replace(/\s+/g, ' ').trim();
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
