import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BuiltinError } from '../errors.ts';
import { fromJSON } from '../value.ts';
import { renderTemplate } from './template.ts';

const r = (src: string, data: unknown) => renderTemplate(src, fromJSON(data));

test('fields, variables, range with index and if', () => {
  assert.equal(
    r('{{range $i, $n := .names}}{{if $i}}, {{end}}hi {{$n}}{{end}}!', { names: ['a', 'b'] }),
    'hi a, hi b!',
  );
  assert.equal(r('{{.a.b}} {{.missing}}', { a: { b: 2 } }), '2 <undefined>');
});

test('else if, with and trim markers', () => {
  const src = '{{if .x}}x{{else if .y}}y{{else}}z{{end}} {{- with .o}} {{.k}}{{end}}';
  assert.equal(r(src, { y: true, o: { k: 'v' } }), 'y v');
  assert.equal(r(src, {}), 'z');
});

test('unsupported actions and unclosed blocks are builtin errors', () => {
  for (const src of ['{{len .x}}', '{{if .x}}open', '{{.x'])
    assert.throws(
      () => r(src, {}),
      (e: unknown) => e instanceof BuiltinError && e.code === 'eval_builtin_error',
    );
});
