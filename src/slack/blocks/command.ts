import type { Assistant } from '../../core/assistant.js';
import type { ParsedCommand } from '../../core/commands.js';
import type { Strings } from '../../locale/index.js';
import { renderAnswer, type CardOptions } from './answer.js';
import { renderBacklog, renderHelp, renderList } from './catalogue.js';
import type { SlackMessage } from './limits.js';

/** What `/kubecon <text>` shows, whatever the surface (Slack, console). */
export function renderCommand(command: ParsedCommand, assistant: Assistant, strings: Strings, cardOptions: CardOptions = {}): SlackMessage {
  switch (command.name) {
    case 'help':
      return renderHelp(strings);
    case 'list':
      return renderList(assistant.groups(), strings);
    case 'backlog':
      return renderBacklog(assistant.backlog, strings);
    case 'ask':
      return renderAnswer(assistant.ask(command.query), strings, cardOptions);
  }
}
