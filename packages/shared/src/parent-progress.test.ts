import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rollupProgress } from './matter-lifecycle';
import { parentProgress } from './parent-progress';

describe('parentProgress', () => {
  it('counts the parent\'s own report beside its children (issue 12: a 25% report left the header at 0%)', () => {
    expect(parentProgress(25, [{ progress: 0, weight: 1 }]).progress).toBe(12.5);
    // The sub-matter closing does not make the parent 100% while its own part is at 25%.
    expect(parentProgress(25, [{ progress: 100, weight: 1 }])).toEqual({ progress: 62.5, own: 25, children: 100 });
    expect(parentProgress(40, [{ progress: 100, weight: 3 }, { progress: 0, weight: 1, cancelled: true }]).progress).toBe(85);
  });

  it('is the children\'s weighted progress until the parent\'s own units report, and its own without live children', () => {
    expect(parentProgress(null, [{ progress: 100, weight: 2 }, { progress: 40, weight: 1 }])).toEqual({ progress: 80, own: null, children: 80 });
    expect(parentProgress(30, [{ progress: 90, weight: 1, cancelled: true }])).toEqual({ progress: 30, own: 30, children: null });
    expect(parentProgress(null, []).progress).toBe(0);
  });

  it('without an own report equals the children\'s roll-up, and always lies between its parts', () => {
    const child = fc.record({ progress: fc.double({ min: 0, max: 100, noNaN: true }), weight: fc.double({ min: 0.1, max: 10, noNaN: true }), cancelled: fc.boolean() });
    fc.assert(
      fc.property(fc.option(fc.double({ min: 0, max: 100, noNaN: true })), fc.array(child, { maxLength: 8 }), (own, children) => {
        const r = parentProgress(own, children);
        if (own === null) expect(r.progress).toBeCloseTo(rollupProgress(children), 1);
        const parts = [r.own, r.children].filter((p): p is number => p !== null);
        if (parts.length) {
          expect(r.progress).toBeGreaterThanOrEqual(Math.min(...parts) - 0.01);
          expect(r.progress).toBeLessThanOrEqual(Math.max(...parts) + 0.01);
        }
      }),
    );
  });
});
