import type { Assistant } from '../../core/assistant.js';
import type { RenderContext } from '../../runtime.js';
import { likelySubcommand, SLASH_COMMAND, type ParsedCommand } from '../../core/commands.js';
import { renderAnswer, type CardOptions } from './answer.js';
import { renderBacklog, renderHelp, renderList } from './catalogue.js';
import { describeToolState, renderDigest } from './digest.js';
import type { SlackMessage } from './limits.js';

/** An entry's card, with its live backlog status when it is a tool to try. */
export function renderEntryAnswer(answer: ReturnType<Assistant['ask']>, ctx: RenderContext, options: CardOptions = {}): SlackMessage {
  const row = answer.kind === 'entry' ? ctx.tracker.row(answer.entry.id) : undefined;
  const settled = row?.status === 'evaluated' || row?.status === 'dismissed';
  return renderAnswer(answer, ctx.strings, { ...options, ...(row && { statusLine: describeToolState(row.state, ctx.strings) }), ...(settled && { settled }) });
}

/** What `/kubecon <text>` shows, whatever the surface (Slack, console). */
export function renderCommand(command: ParsedCommand, ctx: RenderContext, cardOptions: CardOptions = {}): SlackMessage {
  switch (command.name) {
    case 'help':
      return renderHelp(ctx.strings, ctx.assistant.events);
    case 'list':
      return renderList(ctx.assistant.catalogue(), ctx.strings);
    case 'backlog':
      return renderBacklog(ctx.tracker.board(), ctx.strings);
    case 'digest':
      return renderDigest(ctx.tracker.previewDigest(), ctx.strings, ctx.timeZone, { preview: true });
    case 'ask': {
      const answer = ctx.assistant.ask(command.query);
      const meant = answer.kind === 'none' ? likelySubcommand(command.query) : undefined;
      return renderEntryAnswer(answer, ctx, { ...cardOptions, ...(meant && { suggestedCommand: `${cardOptions.command ?? SLASH_COMMAND} ${meant}` }) });
    }
  }
}
