import type { Strings } from './fr.js';

export const en: Strings = {
  locale: 'en',
  group: {
    graduated: 'CNCF graduated projects',
    incubating: 'CNCF incubating projects',
    sandbox: 'CNCF sandbox projects',
    project: 'Other projects',
    talk: 'Talks',
    announcement: 'Announcements',
    event: 'Event',
    concept: 'Concepts',
  },
  kind: { project: 'Project', talk: 'Talk', announcement: 'Announcement', event: 'Event', concept: 'Concept' },
  priority: { high: 'high', normal: 'normal', low: 'low' },
  maturityBadge: (maturity) => `CNCF ${maturity}`,
  card: {
    keyPoints: 'Key points',
    links: 'Links',
    toTry: (priority) => `To try · ${priority} priority`,
    source: (title, publisher) => `Source: “${title}”, ${publisher}`,
    related: 'See also',
    share: 'Share in channel',
    sharedBy: (user) => `Shared by ${user}`,
    event: (event) => `Event: ${event}`,
  },
  none: {
    title: (query) => `Nothing in the recap for “${query}”.`,
    didYouMean: 'Did you mean:',
    hint: (listCommand) => `Type \`${listCommand}\` to see everything the recap covers.`,
  },
  empty: 'Ask a question, for example `/kubecon helm3` or `@kubecon what is loki?`.',
  list: {
    title: 'What the recap covers',
    count: (n) => `${n} entries`,
  },
  backlog: {
    title: 'Tools to try',
    empty: 'No tools to try right now.',
    intro: 'The tools the recap made us want to try, by priority:',
  },
  help: {
    title: 'kubecon-bot: our KubeCon EU 2019 recap at hand',
    usage: 'Usage',
    mention: 'Mention me in a channel or a thread: `@kubecon what is loki?`, I answer in the thread.',
    commands: {
      ask: 'searches the recap and shows the most relevant entry',
      help: 'shows this help',
      list: 'lists the entries, by CNCF maturity and kind',
      backlog: 'the tools to try, by priority',
      digest: 'preview of the next weekly digest',
    },
  },
  console: {
    welcome: (n) => `kubecon-bot, local console (${n} entries loaded). Ask a question, “help” for help, “exit” to quit.`,
    bye: 'Bye!',
    slackOnly: 'This button only works in Slack.',
    prompt: 'kubecon> ',
  },
  errors: {
    generic: 'Sorry, something went wrong on my side. Try again in a moment.',
    unknownEntry: (id) => `I don't know the entry “${id}”.`,
  },
};
