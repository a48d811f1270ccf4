import { FIELD_LABELS } from '@duban/shared';
import i18n from 'i18next';
import { afterAll, describe, expect, it } from 'vitest';
import { FIELD_EN, fieldLabelOf } from './fieldLabels';

describe('field labels in English', () => {
  afterAll(() => i18n.changeLanguage('zh'));

  it('has English for every field the shared table names', () => {
    expect(Object.keys(FIELD_LABELS).filter((k) => !FIELD_EN[k])).toEqual([]);
  });

  it('names a path in the current language', async () => {
    await i18n.init({ lng: 'zh', resources: {} });
    expect(fieldLabelOf('milestones.1.date')).toBe('节点 第 2 项 日期');
    await i18n.changeLanguage('en');
    expect(fieldLabelOf('milestones.1.date')).toBe('Milestones #2 Date');
    expect(fieldLabelOf('somethingNew')).toBe('somethingNew');
  });
});
