// A small node:test suite covering every outcome, for dande's fixtures.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

describe('math', () => {
  test('adds', () => { assert.equal(1 + 1, 2); });
  test('fails', () => { assert.equal(1 + 1, 3); });
  test('skipped', { skip: 'not today' }, () => {});
  test('todo', { todo: 'later' }, () => {});
});

test('throws', () => { throw new Error('unexpected'); });
