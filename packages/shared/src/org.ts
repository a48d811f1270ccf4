/** Kinds of unit (单位) in a district. Divisions (处室/科室) are units with a parent. */
export const UNIT_KINDS = [
  'party', // 区委及其工作部门 (区委办、组织部 …)
  'government', // 区政府及其组成部门 (区政府办、发改委 …)
  'department', // 区直单位 (其他区直部门)
  'street', // 街道办事处
  'town', // 乡镇
  'npc_cppcc', // 人大、政协
  'enterprise', // 区属国有企业
  'division', // 处室 / 科室 (inside a unit)
  'other',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  party: '党委部门',
  government: '政府部门',
  department: '区直单位',
  street: '街道办事处',
  town: '乡镇',
  npc_cppcc: '人大政协',
  enterprise: '国有企业',
  division: '处室/科室',
  other: '其他',
};

/** Cadre ranks (职级); they weigh in assessment later. */
export const RANKS = [
  'county_principal', // 正处级 (县级正职)
  'county_deputy', // 副处级
  'section_principal', // 正科级
  'section_deputy', // 副科级
  'staff', // 科员及以下
  'other',
] as const;
export type Rank = (typeof RANKS)[number];

export const RANK_LABELS: Record<Rank, string> = {
  county_principal: '正处级',
  county_deputy: '副处级',
  section_principal: '正科级',
  section_deputy: '副科级',
  staff: '科员',
  other: '其他',
};

/** Resolves a Chinese or code label (as typed in an Excel sheet) to a rank. */
export function parseRank(text: string): Rank | null {
  const t = text.trim();
  for (const r of RANKS) if (r === t || RANK_LABELS[r] === t) return r;
  if (t === '科级' || t === '科级干部') return 'section_principal';
  if (t === '处级' || t === '县级') return 'county_principal';
  return null;
}

/** Resolves a Chinese or code label to a unit kind. */
export function parseUnitKind(text: string): UnitKind | null {
  const t = text.trim();
  for (const k of UNIT_KINDS) if (k === t || UNIT_KIND_LABELS[k] === t) return k;
  if (t === '处室' || t === '科室') return 'division';
  if (t === '街道') return 'street';
  return null;
}

/** 138****5678: a mobile number shown to people who do not need it in full. */
export function maskMobile(mobile: string | null): string | null {
  if (!mobile) return mobile;
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****';
}
