// What looks like a secret in free text (a question, a log line): Slack's
// tokens (`xoxb-…`, `xoxp-…`, `xapp-…`) and the password of a URL
// (`postgres://user:password@host`). A person may paste one by mistake; it is
// never kept, shown to the team or logged as it was typed.

const TOKEN_WORDS = /\b(xox[a-z]|xapp)-[A-Za-z0-9-]+/g;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;

/** `text` with every token-shaped word and URL password replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return text.replace(TOKEN_WORDS, '$1-[redacted]').replace(URL_PASSWORD, '$1[redacted]@');
}
