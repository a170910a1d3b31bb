/** Variable bindings for one rule evaluation; bound with an explicit undo, never copied. */
import type { Value } from './value.ts';

export class Env {
  private readonly map = new Map<string, Value>();

  get(name: string): Value | undefined {
    return this.map.get(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  /** Bind `name` to `v` for the duration of `k`. */
  bind(name: string, v: Value, k: () => boolean): boolean {
    this.map.set(name, v);
    try {
      return k();
    } finally {
      this.map.delete(name);
    }
  }
}
