import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RegoError, compile, stringifyJSON } from './index.ts';

const mod = (src: string) => ({ 'policy.rego': src });

test('prepared query evaluates many inputs and returns opa eval result rows', () => {
  const c = compile({
    modules: mod(`package admission
deny contains msg if {
  some c in input.containers
  not startswith(c.image, "registry.example/")
  msg := sprintf("image %s is not from the trusted registry", [c.image])
}
allow if count(deny) == 0
`),
  });
  const q = c.prepare('data.admission.allow');
  assert.deepEqual(q.eval({ input: { containers: [{ image: 'registry.example/app:1' }] } }), [
    {
      expressions: [{ value: true, text: 'data.admission.allow', location: { row: 1, col: 1 } }],
      bindings: {},
    },
  ]);
  assert.deepEqual(q.eval({ input: { containers: [{ image: 'evil/app' }] } }), []);
  const d = c
    .prepare('x := data.admission.deny')
    .eval({ input: { containers: [{ image: 'evil/app' }] } });
  assert.deepEqual(d[0]?.bindings, { x: ['image evil/app is not from the trusted registry'] });
});

test('integers beyond 2^53 stay exact', () => {
  const c = compile({
    modules: mod('package n\nbig := 9007199254740993 + 2\nprod := 12345678901234567890 * 10'),
  });
  const [row] = c.prepare('x := data.n').eval();
  assert.equal(
    stringifyJSON(row?.bindings.x),
    '{"big":9007199254740995,"prod":123456789012345678900}',
  );
});

test('parse errors carry OPA code and file:row prefix', () => {
  assert.throws(
    () => compile({ modules: mod('package p\n\nallow if {\n  x := [1,\n}') }),
    (e: unknown) =>
      e instanceof RegoError &&
      e.code === 'rego_parse_error' &&
      e.message.startsWith('policy.rego:'),
  );
});

test('unsafe variables are compile errors', () => {
  assert.throws(
    () => compile({ modules: mod('package p\nallow if { x > 1 }') }),
    (e: unknown) =>
      e instanceof RegoError &&
      e.code === 'rego_unsafe_var_error' &&
      /var x is unsafe/.test(e.message),
  );
});

test('conflicting complete rules raise eval_conflict_error', () => {
  const c = compile({ modules: mod('package p\nv := 1 if input.a\nv := 2 if input.b') });
  assert.deepEqual(c.prepare('data.p.v').eval({ input: { a: true } })[0]?.expressions[0]?.value, 1);
  assert.throws(
    () => c.prepare('data.p.v').eval({ input: { a: true, b: true } }),
    (e: unknown) => e instanceof RegoError && e.code === 'eval_conflict_error',
  );
});

test('a runaway policy stops at the step limit with eval_limit_error', () => {
  const c = compile({
    modules: mod(
      'package p\nn := count([x | some i in numbers.range(1, 1000); some j in numbers.range(1, 1000); x := i * j])',
    ),
  });
  assert.throws(
    () => c.prepare('data.p.n').eval({ limits: { maxSteps: 10_000 } }),
    (e: unknown) => e instanceof RegoError && e.code === 'eval_limit_error',
  );
});

test('v0 syntax needs v0Compatible; future keywords import enables if/contains', () => {
  const v0 = 'package p\nallow { input.x == 1 }\nnames[n] { n := input.names[_] }';
  assert.throws(
    () => compile({ modules: mod(v0) }),
    (e: unknown) => e instanceof RegoError,
  );
  const c = compile({ modules: mod(v0), v0Compatible: true });
  assert.deepEqual(
    c.prepare('data.p.names').eval({ input: { names: ['a', 'b'] } })[0]?.expressions[0]?.value,
    ['a', 'b'],
  );
});

test('with replaces input, data and functions', () => {
  const c = compile({
    modules: mod('package p\nf(x) := x * 2\ng := f(3)\nh := data.cfg.v + input.v'),
    data: { cfg: { v: 1 } },
  });
  const v = (q: string) => c.prepare(q).eval()[0]?.bindings.x;
  assert.equal(v('x := data.p.g'), 6);
  assert.equal(v('x := data.p.g with data.p.f as 10'), 10);
  assert.equal(v('x := data.p.h with input.v as 5 with data.cfg.v as 100'), 105);
});

test('undefined builtin is a type error at compile time', () => {
  assert.throws(
    () => compile({ modules: mod('package p\nx := no_such_fn(1)') }),
    (e: unknown) =>
      e instanceof RegoError &&
      e.code === 'rego_type_error' &&
      /undefined function no_such_fn/.test(e.message),
  );
});

test('hostile nesting in input or policy becomes a coded error, not a crash', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 200_000; i++) deep = [deep];
  const c = compile({ modules: mod('package p\nx := count(input)') });
  assert.throws(
    () => c.prepare('data.p.x').eval({ input: deep }),
    (e: unknown) => e instanceof RegoError && e.code === 'eval_limit_error',
  );
  const nested = 'package p\nx := ' + '['.repeat(5000) + ']'.repeat(5000);
  assert.throws(
    () => compile({ modules: mod(nested) }),
    (e: unknown) => e instanceof RegoError && e.code === 'rego_parse_error',
  );
});

test('objects and sets iterate in sorted order, as in OPA', () => {
  const c = compile({
    modules: mod(
      'package p\nks := [k | some k, _ in input]\nvs := [v | some v in {"b", "a", "c"}]',
    ),
  });
  const [row] = c.prepare('x := data.p').eval({ input: { zeta: 1, alpha: 2, mid: 3 } });
  assert.deepEqual(row?.bindings.x, { ks: ['alpha', 'mid', 'zeta'], vs: ['a', 'b', 'c'] });
});

test('rules of different kinds at one path are a compile error', () => {
  assert.throws(
    () =>
      compile({ modules: { 'a.rego': 'package p\nq := 1', 'b.rego': 'package p\nq contains 2' } }),
    (e: unknown) =>
      e instanceof RegoError &&
      e.code === 'rego_type_error' &&
      /conflicting rules data\.p\.q found/.test(e.message),
  );
});

test('print is variadic, never fails, and reaches the print sink', () => {
  const lines: string[] = [];
  const c = compile({
    modules: mod(
      'package p\nallow if {\n  print("user", input.user, input.missing)\n  input.user == "bob"\n}',
    ),
  });
  const rs = c
    .prepare('data.p.allow')
    .eval({ input: { user: 'bob' }, print: (l) => lines.push(l) });
  assert.equal(rs[0]?.expressions[0]?.value, true);
  assert.deepEqual(lines, ['user bob <undefined>']);
});

test('experimental and/or keywords need their import and follow OPA precedence', () => {
  const src =
    'package p\nimport future.keywords.and\nimport future.keywords.or\nok if input.x or input.y and input.z';
  const c = compile({ modules: mod(src) });
  const v = (input: unknown) => c.prepare('data.p.ok').eval({ input })[0]?.expressions[0]?.value;
  assert.equal(v({ x: true, y: false, z: false }), true);
  assert.equal(v({ x: false, y: true, z: false }), undefined);
  assert.throws(
    () => compile({ modules: mod('package p\nok if input.x or input.y') }),
    (e: unknown) => e instanceof RegoError && e.code === 'rego_parse_error',
  );
});

test('long literal lists do not exhaust the stack', () => {
  const items = Array.from({ length: 50_000 }, (_, i) => `{"n": ${i}}`).join(', ');
  const c = compile({
    modules: mod(`package p\nxs := [${items}]\nn := count(xs)\nhit if xs[_].n == 49999`),
  });
  const [row] = c.prepare('x := data.p.n; data.p.hit').eval();
  assert.equal(row?.bindings.x, 50_000);
});

test('template strings in function arguments see the body and data like integer keys', () => {
  const c = compile({
    modules: mod(`package t
f($"{x}-{input.y}") := 42 if x = "a"
hit := f("a-b")
miss := f("a-c")
nested := data.nested[2]
`),
    data: { nested: { '2': 'two' } },
  });
  const get = (q: string) => c.prepare(q).eval({ input: { y: 'b' } })[0]?.expressions[0]?.value;
  assert.equal(get('data.t.hit'), 42);
  assert.equal(get('data.t.miss'), undefined);
  assert.equal(get('data.t.nested'), 'two');
});
