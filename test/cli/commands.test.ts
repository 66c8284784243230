import { describe, expect, it } from 'vitest';
import { CLI_COMMANDS, type CliCommand } from '../../src/cli/run.js';
import { ENV_VARIABLES } from '../../src/config.js';
import { cli } from '../support/cli.js';

const USAGE = `Usage: kubecon-bot <command>

Commands:
  ask "<query>"              the best answer from the recap, readable
  ask --json "<query>"       {"query": ..., "hits": [{"id", "title", "score"}]} on one line
  ask [--json]               with no query: one query per line on standard input, one answer per line
  ask --record [--json] "<query>"
                             the same, and counted as unanswered (see gaps) if nothing answers it
  ask --record [--json]      the same, one query per line on standard input
  gaps [--since <duration>]  the most asked unanswered questions, the answers voted unhelpful (--since 30d)
  gaps --json [--since <duration>]
                             {"unanswered": [{"question", "count", ...}], "unhelpful": [...]} on one line
  list                       the entries, grouped by CNCF maturity and kind
  backlog                    the tools to try, by priority, with their live status
  backlog --json             {"tools": [{"id", "title", "priority", "status", "source", ...}]} on one line
  propose --title <title> --url <url> --reason <reason> [--priority <priority>] [--by <name>]
                             add a tool to try to the backlog (priority high|normal|low, default normal; by: default the OS user name)
  export-proposals "<dir>"   write each proposed tool as a knowledge entry draft, <dir>/proposed/<id>.md
  digest --dry-run           print the next weekly digest
  digest --now               post this week's digest once (needs SLACK_BOT_TOKEN and DIGEST_CHANNEL)
  digest --now --force       post it even though an earlier post was not confirmed by Slack (look in the channel first)
  migrate                    upgrade the state (STATE_DIR or DATABASE_URL) to this version's schema, as the bot does at start
  check                      validate the knowledge folder (KNOWLEDGE_DIR, default ./knowledge)
  check --stale <duration>   also list the entries not reviewed for that long (180d, 26w), or never; exits 0 unless invalid
  help                       this help

Environment: SLACK_BOT_TOKEN, SLACK_API_URL, BOT_LOCALE (fr|en),
LOG_LEVEL (debug|info|warn|error), LOG_FORMAT (json|pretty),
KNOWLEDGE_DIR, STATE_DIR, DATABASE_URL, DIGEST_CHANNEL, DIGEST_CRON,
DIGEST_TZ.
`;

describe('the kubecon-bot commands, one table', () => {
  it('prints the usage on help, --help and -h, and with a problem on standard error', async () => {
    for (const args of [['help'], ['--help'], ['-h']]) {
      const run = await cli(args);
      expect(run.code, args[0]).toBe(0);
      expect(run.stdout).toBe(USAGE);
      expect(run.stderr).toBe('');
    }
    expect(await cli(['frobnicate'])).toEqual({ code: 2, stdout: '', stderr: `kubecon-bot: unknown command "frobnicate"\n${USAGE}` });
  });

  it('names in its usage the variables the command reads, from the configuration schema, with the values an enum allows', async () => {
    const { stdout } = await cli(['help']);
    const environment = stdout.slice(stdout.indexOf('Environment:')).replaceAll('\n', ' ');
    for (const variable of ENV_VARIABLES) {
      if (variable.serverOnly) expect(environment, variable.name).not.toContain(variable.name);
      else expect(environment, variable.name).toContain(variable.values ? `${variable.name} (${variable.values.join('|')})` : variable.name);
    }
    expect(environment).toContain('LOG_LEVEL (debug|info|warn|error)');
    expect(environment).not.toContain('PORT');
  });

  it('shows a command added to the table in its usage, checks its options and runs it', async () => {
    const hello: CliCommand = {
      name: 'hello',
      forms: [
        { args: '', summary: 'say hello' },
        { args: '--loud', summary: 'say it louder' },
        { args: '--to <name> [--from <name>]', summary: 'say it to someone' },
      ],
      needs: 'nothing',
      run: (input, { io }) => {
        const to = input.values.get('to');
        const from = input.values.get('from');
        io.stdout.write(input.flags.has('loud') ? 'HELLO\n' : `hello${to ? ` ${to}` : ''}${from ? ` from ${from}` : ''}\n`);
        return 0;
      },
    };
    const commands = [...CLI_COMMANDS, hello];
    const help = await cli(['help'], { commands });
    // The widest usage that fits the column (gaps [--since <duration>]) sets it; a longer one puts its summary on the next line.
    const line = (usage: string, summary: string) => `  ${usage.padEnd(27)}${summary}
`;
    expect(help.stdout).toContain(
      [line('help', 'this help'), line('hello', 'say hello'), line('hello --loud', 'say it louder'), `  hello --to <name> [--from <name>]
  ${' '.repeat(27)}say it to someone
`].join(''),
    );
    expect(await cli(['hello'], { commands })).toEqual({ code: 0, stdout: 'hello\n', stderr: '' });
    expect(await cli(['hello', '--loud'], { commands })).toEqual({ code: 0, stdout: 'HELLO\n', stderr: '' });
    expect(await cli(['hello', '--to', 'Alice'], { commands })).toEqual({ code: 0, stdout: 'hello Alice\n', stderr: '' });
    expect(await cli(['hello', '--from=Bob', '--to', 'Alice'], { commands })).toEqual({ code: 0, stdout: 'hello Alice from Bob\n', stderr: '' });
    expect((await cli(['hello', '--from', 'Bob'], { commands })).code).toBe(2);
    const wrong = await cli(['hello', '--soft'], { commands });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^kubecon-bot: hello takes --loud or --to <name> \[--from <name>\]\nUsage: kubecon-bot <command>\n/);
    expect((await cli(['hello'])).stderr).toMatch(/^kubecon-bot: unknown command "hello"\n/);
  });

  it('takes a command’s options in any order, and refuses what none of its forms takes', async () => {
    // Past the checks: it stops on what digest --now needs.
    const forced = await cli(['digest', '--force', '--now']);
    expect(forced).toEqual({ code: 2, stdout: '', stderr: 'kubecon-bot: digest --now needs SLACK_BOT_TOKEN and DIGEST_CHANNEL\n' });
    const refusals: [string[], string][] = [
      [['digest', '--force'], 'digest takes --dry-run, --now, or --now --force'],
      [['digest', '--dry-run', '--now'], 'digest takes --dry-run, --now, or --now --force'],
      [['digest', '--dry'], 'digest takes --dry-run, --now, or --now --force'],
      [['digest', 'now'], 'digest takes --dry-run, --now, or --now --force'],
      [['list', '--json'], 'list takes no arguments'],
      [['help', 'ask'], 'help takes no arguments'],
      [['ask', '--json=yes', 'helm'], '--json takes no value (ask takes --json, --record; a query starting with - goes after --)'],
      [['ask', '--json', ' '], 'ask needs a query'],
      [['gaps', '--since'], 'gaps takes [--since <duration>] or --json [--since <duration>]'],
      [['gaps', '--record'], 'gaps takes [--since <duration>] or --json [--since <duration>]'],
      [['gaps', '--since', '30'], '--since "30": expected a duration: a whole number then h, d or w (12h, 180d, 4w)'],
      [['check', '--stale'], 'check takes --stale <duration>'],
      [['check', '--stale', '180'], '--stale "180": expected a duration: a whole number then h, d or w (12h, 180d, 4w)'],
    ];
    for (const [args, problem] of refusals) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`kubecon-bot: ${problem}\n${USAGE}`);
    }
  });
});
