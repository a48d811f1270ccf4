import {
  CHANNELS,
  COLOUR_ORDER,
  DELIVERY_STATUSES,
  GRID_ACTIONS,
  GRID_RATINGS,
  GRID_SOURCES,
  GRID_STATUSES,
  GRID_TRANSITIONS,
  GRID_URGENCIES,
  HOLD_LEVELS,
  INSPECTION_FINDINGS,
  MATTER_ACTIONS,
  MATTER_SOURCE_LABELS,
  MATTER_SOURCES,
  MATTER_STATUSES,
  PRIORITIES,
  RANKS,
  REPORT_CADENCES,
  REPORT_KINDS,
  ROLE_LABELS,
  ROLES,
  TRACE_ENTITY_LABELS,
  TRANSITIONS,
  UNIT_KINDS,
  UNIT_ROLES,
  UNIT_STATUSES,
  WORKBENCH_SECTIONS,
} from '@duban/shared';
import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../server/src/errors';
import { ENUM_EN, ENUM_ZH, enumOptions, labelOf, type EnumKind } from './enumLabels';
import { ERROR_EN, errorMessage } from './errorMessages';

// Every value of every shared enum the UI shows, from the shared lists (not from the label tables).
const VALUES: Record<EnumKind, readonly string[]> = {
  source: MATTER_SOURCES,
  status: MATTER_STATUSES,
  priority: PRIORITIES,
  unitRole: UNIT_ROLES,
  unitStatus: UNIT_STATUSES,
  finding: INSPECTION_FINDINGS,
  cadence: REPORT_CADENCES,
  action: MATTER_ACTIONS,
  role: ROLES,
  colour: COLOUR_ORDER,
  colourMeaning: COLOUR_ORDER,
  channel: ['inbox', ...CHANNELS],
  deliveryStatus: DELIVERY_STATUSES,
  unitKind: UNIT_KINDS,
  rank: RANKS,
  reportKind: REPORT_KINDS,
  calendarKind: ['holiday', 'workday', 'closure'],
  workbenchSection: WORKBENCH_SECTIONS,
  traceEntity: Object.keys(TRACE_ENTITY_LABELS),
  gridProblemStatus: GRID_STATUSES,
  gridUrgency: GRID_URGENCIES,
  gridHoldLevel: HOLD_LEVELS,
  gridAction: GRID_ACTIONS,
  gridRating: GRID_RATINGS,
  gridSource: GRID_SOURCES,
};
// Proper names written the same in Chinese (Open311 is a standard's name).
const NAMES = new Set(['gridSource.open311']);
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
const table = (t: Record<EnumKind, object>, kind: EnumKind): Record<string, unknown> => ({ ...t[kind] });

beforeAll(async () => {
  await i18n.init({ lng: 'en', fallbackLng: 'zh', resources: { zh: { translation: { enum: ENUM_ZH } }, en: { translation: { enum: ENUM_EN } } } });
});

describe('shared enum labels in the web', () => {
  for (const kind of Object.keys(VALUES) as EnumKind[]) {
    it(`${kind}: every value has a Chinese label from shared and an English one, and no label is left over`, () => {
      const zh = table(ENUM_ZH, kind);
      const en = table(ENUM_EN, kind);
      for (const v of VALUES[kind]) {
        if (!NAMES.has(`${kind}.${v}`)) expect(zh[v], `zh ${kind}.${v}`).toMatch(CJK);
        expect(en[v], `en ${kind}.${v}`).toEqual(expect.stringMatching(/\w/));
        expect(en[v], `en ${kind}.${v}`).not.toMatch(CJK);
      }
      expect(Object.keys(en).sort()).toEqual([...VALUES[kind]].sort());
    });
  }

  it('labelOf answers in the current language, Chinese exactly as the shared tables say', async () => {
    await i18n.changeLanguage('en');
    expect(labelOf('source', 'npc_cppcc')).toBe('NPC suggestion / CPPCC proposal');
    expect(labelOf('action', 'sign')).toBe('Sign for');
    expect(enumOptions('role', ['liaison'])).toEqual([{ value: 'liaison', label: 'Liaison' }]);
    await i18n.changeLanguage('zh');
    expect(labelOf('source', 'npc_cppcc')).toBe(MATTER_SOURCE_LABELS.npc_cppcc);
    expect(labelOf('action', 'sign')).toBe(TRANSITIONS.sign.label);
    expect(labelOf('role', 'grid_leader')).toBe(ROLE_LABELS.grid_leader);
    expect(labelOf('gridAction', 'verify')).toBe(GRID_TRANSITIONS.verify.label);
    await i18n.changeLanguage('en');
    expect(labelOf('gridProblemStatus', 'handled')).toBe('To check');
    await i18n.changeLanguage('zh');
    // A value the web does not know yet (a newer server) shows as itself rather than a key path.
    expect(labelOf('traceEntity', 'something_new')).toBe('something_new');
  });
});

describe('server error messages in English', () => {
  it('every error code the server can send has an English message', () => {
    for (const code of Object.keys(ERROR_CODES)) {
      expect(ERROR_EN[code], code).toEqual(expect.stringMatching(/\w/));
      expect(ERROR_EN[code], code).not.toMatch(CJK);
    }
  });

  it('English shows the message for the code; Chinese keeps the server’s own words', async () => {
    await i18n.changeLanguage('en');
    expect(errorMessage('invalid_credentials', '用户名或密码错误', 401)).toBe('Wrong username or password');
    expect(errorMessage('some_new_code', '新的错误', 409)).toBe('新的错误');
    expect(errorMessage('http_error', undefined, 502)).toBe('Request failed (502)');
    await i18n.changeLanguage('zh');
    expect(errorMessage('invalid_transition', '当前状态下不能执行此操作：可执行 签收', 409)).toBe('当前状态下不能执行此操作：可执行 签收');
    expect(errorMessage('http_error', undefined, 502)).toBe('请求失败（502）');
  });
});
