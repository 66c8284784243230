import type { BacklogItem } from '../../core/backlog.js';
import type { ToolState } from '../../core/store.js';
import { toolStanding } from '../../core/tool-status.js';
import type { Strings } from '../../locale/index.js';
import { truncate } from './limits.js';
import { md, mention, person, say, type Mrkdwn } from './mrkdwn.js';

export const PRIORITY_EMOJI: Record<string, string> = { high: ':red_circle:', normal: ':large_orange_circle:', low: ':white_circle:' };
export const MATURITY_EMOJI: Record<string, string> = { sandbox: ':seedling:', incubating: ':hatching_chick:', graduated: ':mortar_board:' };

/** One line saying where a tool stands (see toolStanding): who is on it, the verdict, or the dismissal. */
export function describeToolState(state: ToolState | undefined, strings: Strings): Mrkdwn {
  const standing = toolStanding(state);
  switch (standing.status) {
    case 'dismissed': {
      const { by, reason } = standing.dismissal;
      return md`:no_entry_sign: ${say(strings.status.dismissed, mention(by))}${reason ? md`${strings.colon}${reason}` : ''}`;
    }
    case 'evaluated': {
      const { verdict, by, comment } = standing.verdict;
      return md`:white_check_mark: ${say(strings.status.evaluated, strings.verdictShort[verdict], mention(by))}${comment ? md`${strings.colon}_${truncate(comment, 300)}_` : ''}`;
    }
    case 'claimed':
      return md`:raising_hand: ${say(strings.status.claimed, mention(standing.by))}`;
    case 'open':
      return md`:hourglass_flowing_sand: ${strings.status.open}`;
  }
}

/** A tool's title with its priority, as the digest, the App Home and the backlog show it. */
export const titleWithPriority = (item: BacklogItem, strings: Strings) => md`${PRIORITY_EMOJI[item.priority]!} *${item.entry.title}* · ${strings.priority[item.priority]}`;

/** Who proposed a tool and when (the day, UTC), for a proposed tool. */
export const proposedByMrkdwn = (item: Extract<BacklogItem, { source: 'proposed' }>, strings: Strings) =>
  say(strings.propose.proposedBy, person(item.proposedBy), item.proposedAt.toISOString().slice(0, 10));
