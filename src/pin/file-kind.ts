import { basename } from 'node:path';
import type { FileKind } from './types.ts';

/**
 * What kind of file `path` is, from its name first and its content second; undefined when
 * it is none the pin domain rewrites (a values.yaml, a CI workflow). `-` (stdin) with no
 * telling content is taken as rendered Kubernetes YAML, which is what `helm template` prints.
 *
 * @example detectFileKind('deploy/kustomization.yaml', text) // 'kustomization'
 */
export function detectFileKind(path: string, text: string): FileKind | undefined {
  const name = basename(path).toLowerCase();
  if (
    /^(docker|container)file(\..+)?$/.test(name) ||
    name.endsWith('.dockerfile') ||
    name.endsWith('.containerfile')
  ) {
    return 'dockerfile';
  }
  if (name === 'kustomization.yaml' || name === 'kustomization.yml' || name === 'kustomization') {
    return 'kustomization';
  }
  if (/^(docker-)?compose([.-].+)?\.ya?ml$/.test(name)) return 'compose';
  const head = text.slice(0, 1024 * 1024);
  if (/^kind:\s*["']?Kustomization["']?\s*(#.*)?$/m.test(head)) return 'kustomization';
  if (/^kind:\s*["']?[A-Z]\w*["']?\s*(#.*)?$/m.test(head)) return 'kubernetes';
  if (/^services:\s*(#.*)?$/m.test(head)) return 'compose';
  if (path === '-') return 'kubernetes';
  return undefined;
}
