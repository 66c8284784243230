import { parseCommandText, SLASH_COMMAND } from '../core/commands.js';
import { answerReply, replyTo, type Reply } from '../core/reply.js';
import type { RenderContext } from '../runtime.js';
import { PLAIN, renderReplyForTerminal, type RenderedButton, type TerminalStyle } from './render.js';

export interface ConsoleReply {
  output: string;
  exit: boolean;
}

const EXIT_WORDS = new Set(['exit', 'quit', 'q', 'quitter', 'bye']);

/**
 * The local console: the Hubot-shell idea. A person types what they would
 * type in Slack (`/kubecon helm3`, `c'est quoi loki ?`, `list`) and reads the
 * same messages Slack would show; typing a button's number presses it.
 */
const SLASH_PREFIX = new RegExp(`^${SLASH_COMMAND}(?=\\s|$)`, 'i');

export function createConsoleSession(options: { ctx: RenderContext; style?: TerminalStyle }) {
  const { ctx, style = PLAIN } = options;
  const { assistant, strings } = ctx;
  let buttons: RenderedButton[] = [];

  const show = (reply: Reply): ConsoleReply => {
    const rendered = renderReplyForTerminal(reply, strings, { style, timeZone: ctx.timeZone });
    buttons = rendered.buttons;
    return { output: rendered.text, exit: false };
  };

  const press = (button: RenderedButton): ConsoleReply => {
    const { action } = button;
    if (action.kind === 'open') {
      const answer = assistant.open(action.entry.id);
      if (answer) return show(answerReply(answer, ctx.tracker));
      return { output: strings.errors.unknownEntry(action.entry.id), exit: false };
    }
    return { output: strings.console.slackOnly, exit: false };
  };

  return {
    welcome: () => strings.console.welcome(assistant.entries.length),
    handle(line: string): ConsoleReply {
      const input = line.trim();
      if (!input) return { output: '', exit: false };
      if (EXIT_WORDS.has(input.toLowerCase())) return { output: strings.console.bye, exit: true };
      // One or two digits press a button; the last answer's buttons stay until another answer replaces them.
      if (/^\d{1,2}$/.test(input)) {
        const button = buttons.find((b) => b.index === Number(input));
        return button ? press(button) : { output: strings.console.noButton(Number(input), buttons.length), exit: false };
      }
      // `/kubecon loki` as typed in Slack, but not `/kubeconfig`.
      const text = SLASH_PREFIX.test(input) ? input.replace(SLASH_PREFIX, '') : input;
      return show(replyTo(parseCommandText(text), ctx));
    },
  };
}
