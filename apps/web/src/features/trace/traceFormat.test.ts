import i18n from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { ENUM_EN, ENUM_ZH } from '../../i18n/enumLabels';
import { zh } from '../../i18n/zh';
import { formatTraceValue } from './traceFormat';

const names = { units: { '106': '五里堡街道办事处', '49': '区住建局' }, people: { '520': '张伟' }, categories: { '3': '项目建设' }, matters: { '1009': '二七督〔2026〕1006号' }, notices: {} };

describe('trace values as people read them', () => {
  beforeAll(async () => {
    await i18n.init({ lng: 'zh', resources: { zh: { translation: { ...zh, enum: ENUM_ZH } }, en: { translation: { ...en, enum: ENUM_EN } } }, interpolation: { escapeValue: false } });
  });
  afterAll(() => i18n.changeLanguage('zh'));

  it('shows names for ids, labels for codes, dates as dates and milestones as a list', async () => {
    expect(formatTraceValue('matter', 'units', [106, 49], names)).toBe('五里堡街道办事处、区住建局');
    expect(formatTraceValue('matter', 'handlerIds', [520], names)).toBe('张伟');
    expect(formatTraceValue('matter', 'status', 'completion_requested', names)).toBe('申请办结');
    expect(formatTraceValue('matter', 'source', 'key_work', names)).toBe('重点工作');
    expect(formatTraceValue('matter', 'parentId', 1009, names)).toBe('二七督〔2026〕1006号');
    expect(formatTraceValue('notice', 'recipients', [{ personId: 520, roleLabel: '党工委书记' }], names)).toBe('张伟（党工委书记）');
    expect(formatTraceValue('matter', 'milestones', [{ date: '2026-12-01', plannedProgress: 50, description: '完成拆迁' }, { date: '2026-12-20', plannedProgress: 100, description: '' }], names)).toBe('2026-12-01 计划50% 完成拆迁；2026-12-20 计划100%');
    expect(formatTraceValue('notice', 'acknowledgedAt', '2026-11-20T02:05:00.000Z', names)).toMatch(/^2026-11-20 \d\d:05$/);
    expect(formatTraceValue('matter', 'units', [777], names)).toBe('#777');
    await i18n.changeLanguage('en');
    expect(formatTraceValue('matter', 'status', 'closed', names)).toBe('Closed');
    expect(formatTraceValue('matter', 'milestones', [{ date: '2026-12-01', plannedProgress: 50, description: '' }], names)).toBe('2026-12-01 planned 50%');
  });
});
