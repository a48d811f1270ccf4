import { describe, expect, it } from 'vitest';
import { decideDeadlineEdit } from './deadline-edit';

describe('decideDeadlineEdit', () => {
  const extended = { current: '2027-02-26', supersededByExtension: ['2027-01-29'] };

  it('keeps an approved extension when an edit sends the pre-extension deadline without meaning to', () => {
    expect(decideDeadlineEdit({ ...extended, requested: '2027-01-29' })).toEqual({ kind: 'kept' });
  });

  it('refuses any other move after an approved extension unless it gives its own reason', () => {
    expect(decideDeadlineEdit({ ...extended, requested: '2027-03-31' })).toEqual({ kind: 'reason_required' });
    expect(decideDeadlineEdit({ ...extended, requested: '2027-03-31', reason: '  ' })).toEqual({ kind: 'reason_required' });
    expect(decideDeadlineEdit({ ...extended, requested: '2027-01-29', reason: '领导批示提前完成' })).toEqual({ kind: 'changed', reason: '领导批示提前完成', afterExtension: true });
  });

  it('leaves the current deadline alone, and moves freely when no extension was approved', () => {
    expect(decideDeadlineEdit({ ...extended, requested: '2027-02-26' })).toEqual({ kind: 'unchanged' });
    expect(decideDeadlineEdit({ current: '2027-01-29', requested: '2027-02-15', supersededByExtension: [] })).toEqual({ kind: 'changed', reason: null, afterExtension: false });
  });
});
