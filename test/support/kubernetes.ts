import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { ROOT } from './process.js';
import { WAIT_MS } from './wait.js';

/** One rendered object, as plain data. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export const KUSTOMIZATIONS = {
  /** Socket Mode. */
  base: 'deploy/kubernetes',
  http: 'deploy/kubernetes/overlays/http',
} as const;

/** `kubectl kustomize <dir>`, parsed. kubectl renders offline; CI has it. */
export async function renderKustomization(dir: string): Promise<KubeObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)('kubectl', ['kustomize', path.join(ROOT, dir)], { timeout: WAIT_MS, maxBuffer: 10 * 1024 * 1024 }));
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string; killed?: boolean };
    if (e.code === 'ENOENT') throw new Error('kubectl is not installed: it renders deploy/kubernetes (`kubectl kustomize`); install it to run these tests');
    if (e.killed) throw new Error(`kubectl kustomize ${dir} did not finish in ${WAIT_MS} ms`);
    throw new Error(`kubectl kustomize ${dir} failed: ${e.stderr ?? e.message}`);
  }
  return (loadAll(stdout) as KubeObject[]).filter(Boolean);
}

/** The Kubernetes model (JSON schema) of every kind the manifests use; anything else is refused. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1 Deployment': Deployment,
  'v1 ConfigMap': ConfigMap,
  'v1 Service': Service,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1 Ingress': Ingress,
};

/** Throws, naming the object and the field, when `object` does not match its kind's schema. */
export function validateKubeObject(object: KubeObject): void {
  const Model = MODELS[`${object.apiVersion} ${object.kind}`];
  const name = `${object.apiVersion} ${object.kind} ${object.metadata?.name}`;
  if (!Model) throw new Error(`${name}: no schema known for this kind (add its model to test/support/kubernetes.ts)`);
  try {
    new Model(object as never).validate();
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`);
  }
}

export function findObject(objects: KubeObject[], kind: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0]!;
}
