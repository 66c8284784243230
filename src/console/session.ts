import { parseCommandText, SLASH_COMMAND } from '../core/commands.js';
import type { RenderContext } from '../runtime.js';
import { renderCommand, renderEntryAnswer } from '../slack/blocks/command.js';
import { ACTION_OPEN_ENTRY } from '../slack/blocks/elements.js';
import type { SlackMessage } from '../slack/blocks/limits.js';
import { PLAIN, renderForTerminal, wrapText, type RenderedButton, type TerminalStyle } from './render.js';

export interface ConsoleReply {
  output: string;
  exit: boolean;
}

const EXIT_WORDS = new Set(['exit', 'quit', 'q', 'quitter', 'bye']);
const SLASH_PREFIX = new RegExp(`^${SLASH_COMMAND}(?=\\s|$)`, 'i');

/**
 * The local console: the Hubot-shell idea. A person types what they would
 * type in Slack (`/kubecon helm3`, `c'est quoi loki ?`, `list`) and reads the
 * same messages Slack would show; typing a button's number presses it.
 */
export function createConsoleSession(options: {
  ctx: RenderContext;
  style?: TerminalStyle;
  /** The terminal's width now (it may be resized): replies wrap on words to it. None: lines stay whole. */
  width?: () => number | undefined;
}) {
  const { ctx, style = PLAIN, width = () => undefined } = options;
  const { assistant, strings } = ctx;
  let buttons: RenderedButton[] = [];
  const say = (output: string, exit = false): ConsoleReply => {
    const columns = width();
    return { output: columns ? wrapText(output, columns) : output, exit };
  };

  const show = (message: SlackMessage): ConsoleReply => {
    const rendered = renderForTerminal(message, style, { width: width() });
    buttons = rendered.buttons;
    return { output: rendered.text, exit: false };
  };

  const press = (button: RenderedButton): ConsoleReply => {
    if (button.actionId.startsWith(`${ACTION_OPEN_ENTRY}:`) && button.value) {
      const answer = assistant.open(button.value);
      if (answer) return show(renderEntryAnswer(answer, ctx));
      return say(strings.errors.unknownEntry(button.value));
    }
    return say(strings.console.slackOnly);
  };

  return {
    welcome: () => say(strings.console.welcome(assistant.entries.length)).output,
    handle(line: string): ConsoleReply {
      const input = line.trim();
      if (!input) return say('');
      if (EXIT_WORDS.has(input.toLowerCase())) return say(strings.console.bye, true);
      // One or two digits press a button; the last answer's buttons stay until another answer replaces them.
      if (/^\d{1,2}$/.test(input)) {
        const button = buttons.find((b) => b.index === Number(input));
        return button ? press(button) : say(strings.console.noButton(Number(input), buttons.length));
      }
      // `/kubecon loki` as typed in Slack, but not `/kubeconfig`.
      const text = SLASH_PREFIX.test(input) ? input.replace(SLASH_PREFIX, '') : input;
      return show(renderCommand(parseCommandText(text), ctx));
    },
  };
}
