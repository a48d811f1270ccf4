import { describe, expect, it } from 'vitest';
import { actionBlock, availableActions, NO_FACTS } from './matter-blockers';
import { allowedActions } from './matter-lifecycle';

const office = new Set(['office'] as const);

describe('actions that can succeed now', () => {
  it('does not offer 审批延期 on an open matter with nothing pending', () => {
    const allowed = allowedActions('in_progress', office, null);
    expect(allowed).toContain('decide_extension');
    const { available, blocked } = availableActions(allowed, NO_FACTS, null);
    expect(available).not.toContain('decide_extension');
    expect(available).toEqual(expect.arrayContaining(['urge', 'edit', 'cancel']));
    expect(blocked).toEqual([]); // nothing to approve is not worth a hint
    expect(availableActions(allowed, { ...NO_FACTS, pendingExtensionUnitIds: [7] }, null).available).toContain('decide_extension');
  });

  it('does not offer 申请办结 while a sub-matter is open, and says which', () => {
    const facts = { ...NO_FACTS, openChildNumbers: ['测督〔2026〕2号', '测督〔2026〕3号', '测督〔2026〕4号', '测督〔2026〕5号'] };
    const { available, blocked } = availableActions(['report', 'request_completion', 'request_extension'], facts, 7);
    expect(available).toEqual(['report', 'request_extension']);
    expect(blocked).toEqual([{ action: 'request_completion', code: 'sub_matters_open', message: '子事项尚未全部办结（4 项未办结：测督〔2026〕2号、测督〔2026〕3号、测督〔2026〕4号 等），不能申请办结' }]);
  });

  it("refuses a unit's second extension request while its first waits, but not another unit's", () => {
    const facts = { ...NO_FACTS, pendingExtensionUnitIds: [7] };
    expect(actionBlock('request_extension', facts, 7)?.code).toBe('extension_already_pending');
    expect(actionBlock('request_extension', facts, 8)).toBeNull();
  });

  it('refuses to close a parent whose sub-matter was added after completion was asked for', () => {
    expect(actionBlock('accept_completion', { ...NO_FACTS, openChildNumbers: ['X'] }, null)?.message).toContain('不能审核办结');
  });
});
