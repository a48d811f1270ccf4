import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GRID_ACTIONS,
  GRID_STATUSES,
  GRID_TRANSITIONS,
  gridAvailableActions,
  gridClockColour,
  gridRefusal,
  holdLevelOfCell,
  nextHoldLevel,
  visitReopens,
  type GridActorKind,
  type GridFacts,
} from './grid-flow';
import { defaultLimitRows, limitVersionSchema, pickLimit, type LimitRow } from './grid-limits';
import { STANDARD_TAXONOMY } from './grid-taxonomy';

const facts = (over: Partial<GridFacts> = {}): GridFacts => ({ holdLevel: 'community', atTop: false, extensionPending: false, handledBy: null, viewerAccountId: 7, ...over });
const kinds = (...k: GridActorKind[]) => new Set(k);

describe('the problem flow', () => {
  it('walks 上报 → 受理 → 立案 → 派遣 → 签收 → 处置 → 核查 for the right people', () => {
    expect(gridAvailableActions('reported', kinds('level'), facts()).available).toEqual(['accept', 'reject', 'escalate']);
    expect(gridAvailableActions('accepted', kinds('level'), facts()).available).toEqual(['register', 'reject', 'escalate']);
    expect(gridAvailableActions('registered', kinds('level'), facts()).available).toEqual(['dispatch', 'escalate', 'park']);
    expect(gridAvailableActions('dispatched', kinds('handler'), facts()).available).toEqual(['sign', 'return', 'request_extension']);
    expect(gridAvailableActions('handling', kinds('handler'), facts()).available).toEqual(['return', 'handle', 'request_extension']);
    expect(gridAvailableActions('handled', kinds('checker'), facts()).available).toEqual(['verify']);
    expect(gridAvailableActions('closed', kinds('office'), facts()).available).toEqual(['visit']);
    expect(gridAvailableActions('visited', kinds('office', 'level', 'handler', 'checker'), facts()).available).toEqual([]);
  });

  it('refuses a 核查 by the handler, with the reason', () => {
    const r = gridAvailableActions('handled', kinds('checker', 'level'), facts({ handledBy: 7, viewerAccountId: 7 }));
    expect(r.available).toEqual([]);
    expect(r.blocked).toEqual([{ action: 'verify', code: 'grid_verify_by_handler', message: expect.stringContaining('处置人以外') }]);
  });

  it('refuses an escalation past the top level, naming the level', () => {
    const r = gridAvailableActions('registered', kinds('office'), facts({ holdLevel: 'city', atTop: true }));
    expect(r.available).not.toContain('escalate');
    expect(r.blocked[0]).toMatchObject({ code: 'grid_escalation_top', message: expect.stringContaining('市级') });
  });

  it('offers 审批延期 only while a request waits, and refuses a second request', () => {
    expect(gridAvailableActions('handling', kinds('level'), facts()).available).not.toContain('decide_extension');
    expect(gridAvailableActions('handling', kinds('level'), facts({ extensionPending: true })).available).toContain('decide_extension');
    expect(gridAvailableActions('handling', kinds('handler'), facts({ extensionPending: true })).blocked.map((b) => b.code)).toEqual(['grid_extension_pending']);
  });

  it('says who may act when the state allows it but the viewer may not, and what the state is otherwise', () => {
    expect(gridRefusal('sign', 'dispatched', kinds('level'))).toEqual({ code: 'forbidden', message: '“签收”须由被派遣的单位办理' });
    expect(gridRefusal('dispatch', 'handled', kinds('level'))).toEqual({ code: 'invalid_transition', message: '问题当前为“待核查”，不能派遣' });
    expect(gridRefusal('accept', 'reported', kinds('office'))).toBeNull();
  });

  it('never offers an action the transition table does not allow (property)', () => {
    const kind = fc.constantFrom<GridActorKind>('office', 'level', 'handler', 'checker');
    fc.assert(
      fc.property(fc.constantFrom(...GRID_STATUSES), fc.uniqueArray(kind), fc.boolean(), fc.boolean(), (status, ks, pending, top) => {
        const set = new Set(ks);
        const { available, blocked } = gridAvailableActions(status, set, facts({ extensionPending: pending, atTop: top }));
        for (const a of [...available, ...blocked.map((b) => b.action)]) {
          expect(GRID_TRANSITIONS[a].from).toContain(status);
          expect(gridRefusal(a, status, set)).toBeNull();
        }
        for (const a of GRID_ACTIONS.filter((x) => !available.includes(x))) {
          if (!blocked.some((b) => b.action === a) && gridRefusal(a, status, set) === null) expect(['decide_extension']).toContain(a);
        }
      }),
    );
  });
});

describe('levels', () => {
  it('starts at the level of the cell the point lies in, the district outside every cell', () => {
    expect(holdLevelOfCell(3)).toBe('cell');
    expect(holdLevelOfCell(2)).toBe('community');
    expect(holdLevelOfCell(1)).toBe('street');
    expect(holdLevelOfCell(null)).toBe('district');
  });

  it('climbs one level at a time, skipping levels the cell has no ancestor at, and stops at the top', () => {
    expect(nextHoldLevel('cell')).toBe('community');
    expect(nextHoldLevel('cell', (l) => l !== 'community')).toBe('street');
    expect(nextHoldLevel('district')).toBe('city');
    expect(nextHoldLevel('city')).toBeNull();
  });

  it('reopens on the first 不满意 only', () => {
    expect(visitReopens('unsatisfied', 0)).toBe(true);
    expect(visitReopens('unsatisfied', 1)).toBe(false);
    expect(visitReopens('basic', 0)).toBe(false);
  });

  it('colours the clock like a matter: red past, yellow in the last quarter (at least an hour)', () => {
    expect(gridClockColour(-1, 420)).toBe('red');
    expect(gridClockColour(100, 420)).toBe('yellow');
    expect(gridClockColour(60, 120)).toBe('yellow');
    expect(gridClockColour(200, 420)).toBe('green');
    expect(gridClockColour(null, null)).toBeNull();
  });
});

describe('time-limit tables', () => {
  const rows: LimitRow[] = [
    ...defaultLimitRows(),
    { categoryId: 10, urgency: null, stage: 'handle', amount: 4, unit: 'hour' },
    { categoryId: 1, urgency: null, stage: 'handle', amount: 3, unit: 'day' },
    { categoryId: 1, urgency: 'urgent', stage: 'handle', amount: 3, unit: 'hour' },
  ];

  it('picks the most specific row: category, then its major class, then the defaults; urgency within each', () => {
    expect(pickLimit(rows, 'handle', 10, 1, 'normal')).toEqual({ amount: 4, unit: 'hour' });
    expect(pickLimit(rows, 'handle', 11, 1, 'normal')).toEqual({ amount: 3, unit: 'day' });
    expect(pickLimit(rows, 'handle', 11, 1, 'urgent')).toEqual({ amount: 3, unit: 'hour' });
    expect(pickLimit(rows, 'handle', 20, 2, 'critical')).toEqual({ amount: 2, unit: 'hour' });
    expect(pickLimit(rows, 'sign', 20, 2, 'normal')).toEqual({ amount: 1, unit: 'day' }); // 12345: 签收 within 1 working day
    expect(pickLimit(rows, 'hold_city', 20, 2, 'normal')).toBeNull();
  });

  it('accepts the defaults as a version and names a missing default or a duplicate', () => {
    const base = { effectiveFrom: '2026-12-01T00:00:00+08:00', rows: defaultLimitRows() };
    expect(limitVersionSchema.safeParse(base).success).toBe(true);
    const missing = limitVersionSchema.safeParse({ ...base, rows: base.rows.filter((r) => !(r.stage === 'sign' && r.urgency === null)) });
    expect(missing.error?.issues.map((i) => i.message)).toContain('缺少“签收”的默认时限（适用于全部类别、一般紧急程度）');
    const dup = limitVersionSchema.safeParse({ ...base, rows: [...base.rows, base.rows[0]] });
    expect(dup.error?.issues.map((i) => i.message)).toContain('“受理”重复设置');
  });
});

describe('the standard taxonomy', () => {
  it('has the standard 5 部件 and 6 事件 major classes with unique codes', () => {
    expect(STANDARD_TAXONOMY.filter((c) => c.kind === 'component').map((c) => c.name)).toEqual(['公用设施', '道路交通', '市容环境设施', '园林绿化设施', '其他设施']);
    expect(STANDARD_TAXONOMY.filter((c) => c.kind === 'event')).toHaveLength(6);
    const codes = STANDARD_TAXONOMY.flatMap((c) => [c.code, ...(c.children ?? []).map((s) => s.code)]);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
