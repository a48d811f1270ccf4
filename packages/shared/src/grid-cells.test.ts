import { describe, expect, it } from 'vitest';
import { gridAncestorCode, gridCellCreateSchema, gridCodeLevel, gridCodeProblem, gridCodeRange, gridStaffInputSchema, nextGridChildCode, parseGridDuty } from './grid-cells';

describe('grid codes (CJ/T 213 / DB11 style: 6 district + 3 street + 3 community + 3 sequence)', () => {
  it('reads the level from the zeros', () => {
    expect(gridCodeLevel('410103001000000')).toBe(1);
    expect(gridCodeLevel('410103001002000')).toBe(2);
    expect(gridCodeLevel('410103001002003')).toBe(3);
    expect(gridCodeLevel('410103001002003004')).toBe(4);
    expect(gridCodeLevel('410103000000000')).toBeNull();
    expect(gridCodeLevel('410103001000005')).toBeNull();
    expect(gridCodeLevel('41010300100200')).toBeNull();
    expect(gridCodeLevel('41010300100200x')).toBeNull();
  });

  it('checks a code against its level and parent, in Chinese', () => {
    expect(gridCodeProblem('410103001000000', 1, null)).toBeNull();
    expect(gridCodeProblem('410103001002000', 2, '410103001000000')).toBeNull();
    expect(gridCodeProblem('410103001002003', 3, '410103001002000')).toBeNull();
    expect(gridCodeProblem('410103001002003009', 4, '410103001002003')).toBeNull();
    expect(gridCodeProblem('4101030010', 1, null)).toContain('15 位数字');
    expect(gridCodeProblem('410103001002000', 1, null)).toContain('第 10–15 位应为 000');
    expect(gridCodeProblem('410103002002000', 2, '410103001000000')).toBe('编码“410103002002000”应以上级网格编码的前 9 位“410103001”开头');
    expect(gridCodeProblem('410103001003001', 3, '410103001002000')).toContain('前 12 位');
    expect(gridCodeProblem('410103001002003', 3, null)).toBe('第 3 级网格须有上级网格');
    expect(gridCodeProblem('410103001000000', 1, '410103000000000')).toBe('街道/乡镇级网格不能有上级网格');
  });

  it('gives the branch range and ancestors a code implies', () => {
    const r = gridCodeRange('410103001000000', 1);
    expect(r.lo <= '410103001002003' && '410103001002003' <= r.hi).toBe(true);
    expect('410103002000000' > r.hi).toBe(true);
    expect(gridAncestorCode('410103001002003', 2)).toBe('410103001002000');
    expect(gridAncestorCode('410103001002003', 1)).toBe('410103001000000');
  });

  it('proposes the next free child code', () => {
    expect(nextGridChildCode('410103001000000', 1, [])).toBe('410103001001000');
    expect(nextGridChildCode('410103001000000', 1, ['410103001001000', '410103001004000', '410103001004001', '410103002009000'])).toBe('410103001005000');
    expect(nextGridChildCode('410103001004000', 2, ['410103001004001', '410103001004002'])).toBe('410103001004003');
  });
});

describe('grid inputs', () => {
  it('parses duties and requires a person or an account', () => {
    expect(parseGridDuty('网格长')).toBe('leader');
    expect(parseGridDuty('监督员')).toBe('supervisor');
    expect(parseGridDuty('组长')).toBeNull();
    expect(gridStaffInputSchema.safeParse({ duty: 'leader' }).success).toBe(false);
    expect(gridStaffInputSchema.safeParse({ duty: 'leader', personId: 3 }).success).toBe(true);
  });

  it('validates the polygon of a new cell', () => {
    const bad = gridCellCreateSchema.safeParse({ level: 1, code: '410103001000000', name: '淮河路街道', polygon: { type: 'Polygon', coordinates: [[[113, 34], [114, 34], [114, 35]]] } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('至少需要 4 个坐标点');
  });
});
