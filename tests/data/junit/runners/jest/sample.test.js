// A small suite covering every outcome, for dande's JUnit fixtures.
const assert = require('node:assert');

describe('calc', () => {
  it('adds', () => { assert.strictEqual(1 + 1, 2); });
  it('fails', () => { assert.strictEqual(1 + 1, 3); });
  it.skip('skipped', () => {});
  describe('nested', () => {
    it('throws', () => { throw new Error('unexpected'); });
    it('passes too', () => {});
  });
});
