import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { reportTagKey } from './reportTags';

describe('report tags', () => {
  it('every tag the server writes has a message in both languages', () => {
    const expected: [string, string][] = [['新增', 'New'], ['办结', 'Closed'], ['预警', 'Warned'], ['逾期', 'Overdue']];
    for (const [tag, english] of expected) {
      const key = reportTagKey(tag)?.split('.').at(-1) ?? '';
      expect(en.reports.tag).toHaveProperty(key, english);
      expect(zh.reports.tag).toHaveProperty(key, tag);
    }
    expect(reportTagKey('别的')).toBeNull();
  });
});
