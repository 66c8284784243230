import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Registry } from 'prom-client';
import type { BacklogStore } from '../core/store.js';

export interface HealthReport {
  status: 'ok' | 'degraded';
  mode: string;
  entries: number;
  uptimeSeconds: number;
  [extra: string]: unknown;
}

/**
 * Whether the store answers, for /healthz. The runtime's store gives up on a
 * silent server within its answer budget (STORE_ANSWER_BUDGET_MS), well
 * within a probe's timeout (3 s in deploy/kubernetes): it then counts as unavailable.
 */
export function storeHealth(store: Pick<BacklogStore, 'ping'>): Promise<'ok' | 'unavailable'> {
  return store.ping().then(
    () => 'ok' as const,
    () => 'unavailable' as const,
  );
}

/** One readiness check: ok, or why not (a short sentence for whoever reads the probe's body). */
export type ReadinessCheck = { ok: true } | { ok: false; reason: string };

/** The checks by name (`knowledge`, `store`, `slack`…), run at each probe. */
export type ReadinessChecks = Record<string, () => ReadinessCheck | Promise<ReadinessCheck>>;

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/** `GET /healthz`: liveness, for Kubernetes probes and the container's HEALTHCHECK: 200 while the process answers. */
export function healthRoute(report: () => Promise<HealthReport>): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    // Still 200 when the report cannot be made (the store down): the process answers, and restarting it would not help.
    handler: (_req, res) => {
      report().then(
        (body) => sendJson(res, 200, body),
        (error: unknown) => sendJson(res, 200, { status: 'degraded', problem: error instanceof Error ? error.message : String(error) }),
      );
    },
  };
}

/** Runs the checks; a check that throws fails with its message. */
export async function readiness(checks: ReadinessChecks): Promise<{ ready: boolean; checks: Record<string, ReadinessCheck> }> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, ReadinessCheck]> => {
      try {
        return [name, await check()];
      } catch (error) {
        return [name, { ok: false, reason: error instanceof Error ? error.message : String(error) }];
      }
    }),
  );
  return { ready: results.every(([, result]) => result.ok), checks: Object.fromEntries(results) };
}

/** `GET /readyz`: readiness, 200 when every check passes, else 503 with the checks that failed and why. */
export function readinessRoute(checks: ReadinessChecks): CustomRoute {
  return {
    path: '/readyz',
    method: ['GET'],
    handler: (_req, res) => {
      void readiness(checks).then((result) => sendJson(res, result.ready ? 200 : 503, { status: result.ready ? 'ready' : 'not ready', checks: result.checks }));
    },
  };
}

/** `GET /metrics`: the registry in Prometheus' text format. */
export function metricsRoute(registry: Registry): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (_req, res) => {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
          res.end(text);
        },
        () => {
          res.writeHead(500).end();
        },
      );
    },
  };
}
