import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ledgerQuery } from '../../api/matters';
import { WORKBENCH_SECTIONS } from '@duban/shared';
import { ENUM_ZH } from '../../i18n/enumLabels';
import { zh } from '../../i18n/zh';
import { ledgerSearch, linkedFilterLabels, parseLedgerParams, withDefaultSort, workbenchSectionHref } from './ledgerParams';

beforeAll(async () => {
  await i18n.init({ lng: 'zh', resources: { zh: { translation: { ...zh, enum: ENUM_ZH } } }, interpolation: { escapeValue: false } });
});

describe('ledger URL parameters', () => {
  it('reads a cockpit link with lists, ids, dates and paging, and passes the same filters to the API', () => {
    const s = parseLedgerParams(new URLSearchParams('status=in_progress,assigned&colour=red&colour=yellow&unitId=12&deadlineFrom=2026-11-01&deadlineTo=2026-12-31&q=道路&sort=deadline&order=desc&page=3&pageSize=50'));
    expect(s).toEqual({
      filters: { status: ['in_progress', 'assigned'], colour: ['red', 'yellow'], unitId: 12, deadlineFrom: '2026-11-01', deadlineTo: '2026-12-31', q: '道路', sort: 'deadline', order: 'desc' },
      page: 3,
      pageSize: 50,
    });
    const api = new URLSearchParams(ledgerQuery(s.filters, s).slice(1));
    expect(api.get('status')).toBe('in_progress,assigned');
    expect(api.get('colour')).toBe('red,yellow');
    expect(api.get('limit')).toBe('50');
    expect(api.get('offset')).toBe('100');
    // The export carries the filters but no paging.
    expect(ledgerQuery(s.filters)).not.toMatch(/limit|offset/);
  });

  it('ignores values that are not real filters rather than breaking the page', () => {
    const s = parseLedgerParams(new URLSearchParams('status=bogus&colour=none&unitId=-3&deadlineFrom=2026-13-45&sort=drop&page=0&pageSize=7&overdue=maybe'));
    expect(s).toEqual({ filters: { colour: ['none'] }, page: 1, pageSize: 20 });
  });

  it('writes back a URL that reads the same, leaving defaults out', () => {
    const state = { filters: { source: ['citizen', 'grid'], leaderId: 4, overdue: 'true' as const }, page: 2, pageSize: 20 };
    const sp = ledgerSearch(state);
    expect(sp.toString()).toBe('source=citizen%2Cgrid&leaderId=4&overdue=true&page=2');
    expect(parseLedgerParams(sp)).toEqual(state);
  });
});

describe('links from the cockpit', () => {
  it('keeps every ledger filter the cockpit puts in its links, so the ledger counts the same matters', () => {
    const link = 'createdFrom=2026-11-01&createdTo=2026-11-30&status=closed,archived&closedOnTime=true&leadScope=true&warnedFrom=2026-11-16&warnedTo=2026-11-22&leadUnitId=9&topLevel=true';
    const s = parseLedgerParams(new URLSearchParams(link));
    const api = new URLSearchParams(ledgerQuery(s.filters, s).slice(1));
    for (const [k, v] of new URLSearchParams(link)) expect(api.get(k), k).toBe(v);
    expect(linkedFilterLabels(s.filters).map((l) => l.label)).toEqual([
      '立项日期 2026-11-01 至 2026-11-30',
      '预警日期 2026-11-16 至 2026-11-22',
      '按时办结',
      '仅本单位牵头',
      '仅一级事项',
      '指定牵头单位',
    ]);
  });
});

describe('default order', () => {
  it('asks for the most recently updated first when the URL has no sort, without writing it into the URL', () => {
    const s = parseLedgerParams(new URLSearchParams('status=closed'));
    expect(withDefaultSort(s.filters)).toEqual({ status: ['closed'], sort: 'updated_at', order: 'desc' });
    expect(ledgerSearch(s).toString()).toBe('status=closed');
  });

  it('keeps a sort the user chose', () => {
    const s = parseLedgerParams(new URLSearchParams('sort=deadline&order=asc'));
    expect(withDefaultSort(s.filters)).toEqual({ sort: 'deadline', order: 'asc' });
  });
});

describe('view all from the workbench', () => {
  it('opens every section in the ledger with a filter the ledger understands and shows as a removable tag', () => {
    for (const key of WORKBENCH_SECTIONS) {
      const href = workbenchSectionHref(key);
      const s = parseLedgerParams(new URLSearchParams(href.split('?')[1]));
      expect(Object.keys(s.filters).length, key).toBe(1);
      expect(ledgerSearch(s).toString(), key).toBe(href.split('?')[1]);
    }
    const s = parseLedgerParams(new URLSearchParams('todo=to_sign'));
    expect(s.filters).toEqual({ todo: 'to_sign' });
    expect(new URLSearchParams(ledgerQuery(s.filters).slice(1)).get('todo')).toBe('to_sign');
    expect(linkedFilterLabels(s.filters)).toEqual([{ keys: ['todo'], label: '待我处理：待签收' }]);
    expect(parseLedgerParams(new URLSearchParams('todo=overdue')).filters).toEqual({});
  });
});
