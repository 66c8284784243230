import { voteSaid } from '../locale/index.js';
import { parseCommandText, SLASH_COMMAND } from '../core/commands.js';
import { CONSOLE_CHANNEL } from '../core/gaps.js';
import { createConversationMemory, sessionSubjects, type ConversationMemory } from '../core/conversation.js';
import { noteReply, openReply, replyTo, type Reply } from '../core/reply.js';
import type { RenderContext } from '../runtime.js';
import { PLAIN, renderReplyForTerminal, wrapText, type RenderedButton, type TerminalStyle } from './render.js';

export interface ConsoleReply {
  output: string;
  exit: boolean;
}

const EXIT_WORDS = new Set(['exit', 'quit', 'q', 'quitter', 'bye']);
/** The session's one conversation. */
const CONVERSATION = 'console';
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
  /** What the session is about, for follow-ups; by default its own memory (the session is one conversation, as a chat thread is). */
  conversations?: ConversationMemory;
}) {
  const { ctx, style = PLAIN, width = () => undefined } = options;
  const conversations = options.conversations ?? createConversationMemory({ store: sessionSubjects(), log: console });
  // `ctx.assistant` is read each time: after a reload it is the new knowledge.
  const { strings } = ctx;
  let buttons: RenderedButton[] = [];
  const say = (output: string, exit = false): ConsoleReply => {
    const columns = width();
    return { output: columns ? wrapText(output, columns) : output, exit };
  };

  const show = (reply: Reply): ConsoleReply => {
    const rendered = renderReplyForTerminal(reply, strings, { style, timeZone: ctx.timeZone, width: width() });
    buttons = rendered.buttons;
    return { output: rendered.text, exit: false };
  };

  const press = async (button: RenderedButton): Promise<ConsoleReply> => {
    const { action } = button;
    if (action.kind === 'open') {
      const turn = await conversations.turn(CONVERSATION);
      const opened = await openReply(action.entry.id, ctx);
      if (opened) {
        await turn.remember(opened);
        return show(opened);
      }
      return say(strings.errors.unknownEntry(action.entry.id));
    }
    if (action.kind === 'vote') {
      // The console is one person's: they vote as `console`.
      return say(voteSaid(strings, await ctx.gaps.vote({ entryId: action.entryId, question: action.question, voter: CONSOLE_CHANNEL, helpful: action.helpful })));
    }
    return say(strings.console.slackOnly);
  };

  return {
    welcome: () => say(strings.console.welcome(ctx.assistant.entries.length)).output,
    async handle(line: string): Promise<ConsoleReply> {
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
      // A request that needs the team's board while its store is unreachable is told so (see BoardUnreachableReply); the session goes on.
      const turn = await conversations.turn(CONVERSATION);
      const reply = await replyTo(parseCommandText(text), ctx, turn.subject !== undefined ? { subject: turn.subject } : {});
      await turn.remember(reply);
      const shown = show(reply);
      // After the answer is made; the store's write runs behind it.
      noteReply(reply, ctx.gaps, CONSOLE_CHANNEL);
      return shown;
    },
  };
}
