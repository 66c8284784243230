import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { eventCallback, signSlackRequest, slashCommandFields, TEST_SIGNING_SECRET } from '../test/support/slack-request.js';
import { summarize } from './stats.js';

// The load process of `npm run bench -- --only load`: a child of its own, so
// its work (signing, parsing answers) never shares a thread with the server
// it measures. Sends `requests` signed requests, `concurrency` at a time, on
// keep-alive connections, and sends back what it saw.

export interface LoadJob {
  /** Where to send: with several, request i goes to urls[i % urls.length] (a round-robin, as a Service in front of replicas). */
  urls: string[];
  surface: 'slash' | 'mention';
  requests: number;
  concurrency: number;
  texts: string[];
  /** Makes each mention's event_id unique across runs against the same server. */
  runId: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** Acknowledged after Slack's 3 seconds (Slack would show the person an error). */
  late: number;
  /** The load process's own CPU time per request (µs, user + system): its share of the machine. */
  clientCpuUs: number;
}

const SLACK_ACK_MS = 3000;

function body(job: LoadJob, i: number): { body: string; type: string } {
  const text = job.texts[i % job.texts.length]!;
  if (job.surface === 'slash') return { body: new URLSearchParams(slashCommandFields({ text })).toString(), type: 'application/x-www-form-urlencoded' };
  const ts = `1700000000.${String(i).padStart(6, '0')}`;
  const event = { type: 'app_mention', user: 'U0ALICE', text: `<@UBOT> ${text}`, ts, channel: 'C0GENERAL', event_ts: ts };
  return { body: JSON.stringify(eventCallback(event, `Ev${job.runId}${i}`)), type: 'application/json' };
}

async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const targets = job.urls.map((url) => new URL(url));
  const samples: number[] = [];
  let errors = 0;
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const { body: payload, type } = body(job, i);
      const target = targets[i % targets.length]!;
      const timestamp = Math.floor(Date.now() / 1000);
      const start = performance.now();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': type,
            'content-length': Buffer.byteLength(payload),
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': signSlackRequest(TEST_SIGNING_SECRET, timestamp, payload),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            samples.push(performance.now() - start);
            if (res.statusCode !== 200) errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(payload);
    });
  const worker = async () => {
    while (next < job.requests) await one(next++);
  };
  const start = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  const t = summarize(samples);
  return {
    requests: job.requests,
    seconds,
    perSecond: job.requests / seconds,
    p50: t.p50,
    p99: t.p99,
    max: Math.max(...samples),
    errors,
    late: samples.filter((ms) => ms > SLACK_ACK_MS).length,
    clientCpuUs: (used.user + used.system) / job.requests,
  };
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
