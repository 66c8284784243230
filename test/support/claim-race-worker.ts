// One bot process in a claim race (run compiled, from dist/): it opens the
// store (a state folder, or a PostgreSQL URL), looks at the board (so its
// memory of the states is warm, as a bot's is), waits for "go" on standard
// input, claims every tool given, and prints what each claim answered as one
// JSON line.
import { createInterface } from 'node:readline';
import type { BacklogItem } from '../../src/core/backlog.js';
import type { Entry } from '../../src/core/entry.js';
import { createBacklogTracker } from '../../src/core/tracker.js';
import { openStore } from '../../src/state/open-store.js';

const [where, user, ...tools] = process.argv.slice(2);
const opened = await openStore(where!.startsWith('postgres') ? { stateDir: '', databaseUrl: where! } : { stateDir: where! });
if (!opened.ok) throw new Error(opened.message);
const store = opened.store;
const backlog: BacklogItem[] = tools.map((id) => ({ entry: { id, title: id } as Entry, priority: 'normal', reason: '', source: 'recap' }));
const tracker = createBacklogTracker({ knowledge: { backlog, entry: () => undefined }, store, schedule: { cron: '30 9 * * 1', timeZone: 'Europe/Paris' }, scheduled: false });
await tracker.board();
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) if (line === 'go') break;
const results = [];
for (const id of tools) {
  const result = await tracker.claim(id, user!);
  results.push({ id, ok: result.ok, holder: result.ok ? result.state.claimedBy : 'by' in result ? result.by : undefined });
}
process.stdout.write(`${JSON.stringify(results)}\n`);
await store.close();
