import { PIN_LIMITS } from './limits.ts';
import { LineIndex } from './positions.ts';
import type { LocatedImage } from './types.ts';
import {
  asMap,
  asSeq,
  mapGet,
  mapPath,
  parseYamlDocuments,
  scalarImage,
  scalarString,
  type YamlDoc,
} from './yaml-nodes.ts';

/** Where each workload kind keeps its PodSpec (Kubernetes API reference, workloads resources). */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
/** Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, ReplicationController, and CRDs shaped like them. */
const DEFAULT_POD_SPEC_PATH = ['spec', 'template', 'spec'] as const;

const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * Image references in Kubernetes manifests: every document of a multi-document stream (Helm
 * output included), `List` kinds unwrapped, all three container lists of each PodSpec.
 */
export function locateKubernetes(text: string): LocatedImage[] {
  const lines = new LineIndex(text);
  const found: LocatedImage[] = [];
  for (const doc of parseYamlDocuments(text)) visitObject(doc, doc.contents, lines, found, 0);
  return found;
}

function visitObject(
  doc: YamlDoc,
  obj: unknown,
  lines: LineIndex,
  out: LocatedImage[],
  depth: number,
): void {
  if (asMap(doc, obj) === undefined) return;
  const kind = scalarString(doc, mapGet(doc, obj, 'kind')) ?? '';
  const items = asSeq(doc, mapGet(doc, obj, 'items'));
  if (kind.endsWith('List') && items) {
    if (depth >= PIN_LIMITS.listDepth) return;
    for (const item of items.items) visitObject(doc, item, lines, out, depth + 1);
    return;
  }
  const podSpec = mapPath(doc, obj, POD_SPEC_PATHS[kind] ?? DEFAULT_POD_SPEC_PATH);
  for (const field of CONTAINER_FIELDS) {
    const containers = asSeq(doc, mapGet(doc, podSpec, field));
    for (const container of containers?.items ?? []) {
      const site = scalarImage(doc, mapGet(doc, container, 'image'), lines);
      if (site) out.push(site);
    }
  }
}
