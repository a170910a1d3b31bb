// Rego engine: prepared evaluation of a Gatekeeper-style image policy over real AdmissionReview Pod
// requests (µs per decision, goal ≤ 20 µs), against the same decision hand-written in TypeScript
// measured in the same run; and compile time of a generated ~500-line policy.
// Usage: node bench/policy.bench.ts
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../src/policy/index.ts';
import { root } from './lib/fixtures.ts';

const shared = process.env.SIGIL_SHARED_DIR ?? join(root, '..', 'shared');
const REQUESTS = join(shared, 'fixtures', 'admission', 'requests');
const FILES = [
  'pod-create.connaisseur-02_pod.json',
  'pod-create-initcontainer.connaisseur-19.json',
  'pod-create-ephemeralcontainers-in-spec.connaisseur-20.json',
  'pod-create.k8tz-review-pod.json',
];

const POLICY = `package admission

import rego.v1

containers contains c if some c in input.request.object.spec.containers
containers contains c if some c in input.request.object.spec.initContainers
containers contains c if some c in input.request.object.spec.ephemeralContainers

allowed_registry(image) if {
	some prefix in data.allowed_registries
	startswith(image, prefix)
}

deny contains msg if {
	some c in containers
	not allowed_registry(c.image)
	msg := sprintf("%s: registry not allowed", [c.image])
}

deny contains msg if {
	some c in containers
	not contains(c.image, "@sha256:")
	msg := sprintf("%s: not referenced by digest", [c.image])
}

deny contains msg if {
	some c in containers
	contains(c.image, "@sha256:")
	digest := split(c.image, "@")[1]
	not data.attested[digest]
	msg := sprintf("%s: no signature attestation", [c.image])
}
`;

interface Container {
  image: string;
}
type Review = {
  request: {
    object: { spec: Record<'containers' | 'initContainers' | 'ephemeralContainers', Container[]> };
  };
};
interface Data {
  allowed_registries: string[];
  attested: Record<string, boolean>;
}

// The same decision in plain TypeScript: the baseline.
function denyTs(review: Review, data: Data): string[] {
  const spec = review.request.object.spec;
  const out = new Set<string>();
  for (const list of [spec.containers, spec.initContainers, spec.ephemeralContainers]) {
    for (const c of list ?? []) {
      if (!data.allowed_registries.some((p) => c.image.startsWith(p)))
        out.add(`${c.image}: registry not allowed`);
      if (!c.image.includes('@sha256:')) out.add(`${c.image}: not referenced by digest`);
      else if (!data.attested[c.image.split('@')[1] ?? ''])
        out.add(`${c.image}: no signature attestation`);
    }
  }
  return [...out].sort();
}

function images(review: Review): string[] {
  const spec = review.request.object.spec;
  return [spec.containers, spec.initContainers, spec.ephemeralContainers]
    .flatMap((l) => l ?? [])
    .map((c) => c.image);
}

// Allow every second registry and attest every second digest, so each rule both fires and not.
function dataFor(reviews: Review[]): Data {
  const all = reviews.flatMap(images);
  const allowed_registries = all.filter((_, i) => i % 2 === 0).map((i) => i.split('/')[0] + '/');
  const attested: Record<string, boolean> = {};
  all
    .filter((i) => i.includes('@'))
    .forEach((img, i) => {
      if (i % 2 === 0) attested[img.split('@')[1]!] = true;
    });
  return { allowed_registries, attested };
}

// Median µs per call over `batches` batches of `n` calls.
function perCall(fn: () => void, n: number, batches = 15): number {
  for (let i = 0; i < n; i++) fn();
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    times.push(Number(process.hrtime.bigint() - t) / 1000 / n);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

// A realistic ~500-line policy: many distinct Kubernetes checks, each a few lines, with helpers.
function bigPolicy(): string {
  const checks = [
    (i: number) =>
      `deny contains msg if {\n\tsome c in containers\n\tnot c.resources.limits.memory\n\tmsg := sprintf("r${i}: %s has no memory limit", [c.name])\n}`,
    (i: number) =>
      `deny contains msg if {\n\tsome c in containers\n\tc.securityContext.privileged == true\n\tmsg := sprintf("r${i}: %s is privileged", [c.name])\n}`,
    (i: number) =>
      `deny contains msg if {\n\tnot input.request.object.metadata.labels["team-${i}"]\n\tcount(containers) > ${i % 7}\n\tmsg := "r${i}: label team-${i} missing"\n}`,
    (i: number) =>
      `deny contains msg if {\n\tsome c in containers\n\tsome p in c.ports\n\tp.hostPort == ${8000 + i}\n\tmsg := sprintf("r${i}: %s uses host port", [c.name])\n}`,
    (i: number) =>
      `warn contains msg if {\n\tsome c in containers\n\tendswith(c.image, ":latest")\n\tlower(c.name) != "sidecar-${i}"\n\tmsg := sprintf("r${i}: %s uses latest", [c.image])\n}`,
    (i: number) =>
      `helper_${i}(x) := y if {\n\tparts := split(x, "/")\n\ty := {"registry": parts[0], "n": count(parts), "k": ${i}}\n}`,
  ];
  const lines = [POLICY];
  for (let i = 0; lines.join('\n').split('\n').length < 500; i++) {
    lines.push(checks[i % checks.length]!(i), '');
  }
  return lines.join('\n');
}

const present = FILES.filter((f) => existsSync(join(REQUESTS, f)));
if (present.length === 0) {
  console.log(`policy: admission requests not found at ${REQUESTS}; nothing to measure`);
} else {
  const reviews = present.map((f) => JSON.parse(readFileSync(join(REQUESTS, f), 'utf8')) as Review);
  const data = dataFor(reviews);
  const query = compile({ modules: { 'image.rego': POLICY }, data }).prepare('data.admission.deny');

  console.log(
    'request                                                     images  rego µs  ts µs  ratio',
  );
  for (const [i, review] of reviews.entries()) {
    const want = denyTs(review, data);
    const got = query.eval({ input: review });
    const value = got[0]?.expressions[0]?.value;
    if (JSON.stringify(value) !== JSON.stringify(want)) {
      throw new Error(`${present[i]}: rego ${JSON.stringify(value)} != ts ${JSON.stringify(want)}`);
    }
    const rego = perCall(() => query.eval({ input: review }), 2000);
    const ts = perCall(() => denyTs(review, data), 20000);
    console.log(
      `${present[i]!.padEnd(60)}${String(images(review).length).padStart(6)}` +
        `${rego.toFixed(1).padStart(9)}${ts.toFixed(2).padStart(7)}${(rego / ts).toFixed(0).padStart(6)}×`,
    );
  }
  console.log('goal: ≤ 20 µs per prepared decision');

  const source = bigPolicy();
  const lineCount = source.split('\n').length;
  const compileMs =
    perCall(
      () => compile({ modules: { 'big.rego': source }, data }).prepare('data.admission'),
      5,
      7,
    ) / 1000;
  console.log(`compile + prepare of a ${lineCount}-line policy: ${compileMs.toFixed(1)} ms`);
}
