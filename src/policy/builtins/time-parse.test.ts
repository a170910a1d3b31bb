import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BuiltinError } from '../errors.ts';
import { calendarDiff, goParse } from './time-parse.ts';

test('Go layouts parse to nanoseconds since the epoch', () => {
  // 2017-06-03T02:00:00Z, as Date computes it independently.
  const want = BigInt(Date.UTC(2017, 5, 3, 2)) * 1_000_000n;
  assert.equal(goParse('2006-01-02T15:04:05Z07:00', '2017-06-02T19:00:00-07:00'), want);
  assert.equal(goParse('RFC822Z', '02 Jun 17 19:00 -0700'), want);
  assert.equal(goParse("01/02 03:04:05PM '06 -0700", "06/02 07:00:00PM '17 -0700"), want);
  assert.equal(goParse('2006-01-02', '1970-01-01'), 0n);
  assert.equal(goParse('2006-01-02T15:04:05Z07:00', '1970-01-01T00:00:00.5Z'), 500_000_000n);
});

test('bad input and out-of-range instants are builtin errors', () => {
  for (const [layout, value] of [
    ['2006-01-02', '2017-13-01'],
    ['2006-01-02', '2017-02-30'],
    ['2006-01-02', 'nonsense'],
    ['2006-01-02T15:04:05Z07:00', '2262-04-11T23:47:16.854775808-00:00'],
  ] as const)
    assert.throws(() => goParse(layout, value), BuiltinError);
});

test('time.diff counts calendar units, the earlier instant first', () => {
  const d = (s: string) => goParse('2006-01-02', s);
  assert.deepEqual(calendarDiff(d('2020-02-02'), d('2020-03-01'), 'UTC'), [
    0n,
    0n,
    28n,
    0n,
    0n,
    0n,
  ]);
  assert.deepEqual(calendarDiff(d('2005-03-01'), d('2004-02-29'), 'UTC'), [1n, 0n, 1n, 0n, 0n, 0n]);
});
