import { parseCommandText, SLASH_COMMAND } from '../core/commands.js';
import type { RenderContext } from '../runtime.js';
import { renderCommand, renderEntryAnswer } from '../slack/blocks/command.js';
import { ACTION_OPEN_ENTRY } from '../slack/blocks/elements.js';
import type { SlackMessage } from '../slack/blocks/limits.js';
import { PLAIN, renderForTerminal, type RenderedButton, type TerminalStyle } from './render.js';

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

  const show = (message: SlackMessage): ConsoleReply => {
    const rendered = renderForTerminal(message, style);
    buttons = rendered.buttons;
    return { output: rendered.text, exit: false };
  };

  const press = (button: RenderedButton): ConsoleReply => {
    if (button.actionId.startsWith(`${ACTION_OPEN_ENTRY}:`) && button.value) {
      const answer = assistant.open(button.value);
      if (answer) return show(renderEntryAnswer(answer, ctx));
      return { output: strings.errors.unknownEntry(button.value), exit: false };
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
      return show(renderCommand(parseCommandText(text), ctx));
    },
  };
}
