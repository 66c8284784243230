import type { CustomRoute } from '@slack/bolt';

export interface HealthReport {
  status: 'ok' | 'degraded';
  mode: string;
  entries: number;
  uptimeSeconds: number;
  [extra: string]: unknown;
}

/** `GET /healthz`: for Kubernetes probes and the container's HEALTHCHECK. */
export function healthRoute(report: () => Promise<HealthReport>): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req, res) => {
      const body = JSON.stringify(await report());
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    },
  };
}
