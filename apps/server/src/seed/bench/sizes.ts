/** How much data a benchmark size means; matters are split evenly over the tenants. */
export type BenchSize = {
  name: string;
  tenants: number;
  openMatters: number;
  closedMatters: number;
  /** Upper bound of progress reports per matter (the mean is about half of it plus one). */
  maxReports: number;
};

/**
 * district: one district's year or two; medium: a quick check of the bulk paths; city: the scale target
 * of SPEC §7 (1,000,000 open + 3,000,000 closed); city16: the city's 16 districts at a quarter of their size
 * (62,500 matters each), for the multi-tenant shape when the full city is too slow to generate; million: 1,000,000 matters in one tenant, the shape the
 * matters and cockpit targets name; country: thousands of districts (for a cluster).
 * assess: issue 13's district (6,000 matters over three years, 89 units, about 700 cadres).
 * tiny is for the CI smoke run, embedded for the PGlite sweep workload.
 */
export const BENCH_SIZES: Readonly<Record<string, BenchSize>> = {
  tiny: { name: 'tiny', tenants: 1, openMatters: 150, closedMatters: 150, maxReports: 4 },
  district: { name: 'district', tenants: 1, openMatters: 500, closedMatters: 1_500, maxReports: 6 },
  assess: { name: 'assess', tenants: 1, openMatters: 1_000, closedMatters: 5_000, maxReports: 6 },
  embedded: { name: 'embedded', tenants: 1, openMatters: 10_000, closedMatters: 2_000, maxReports: 4 },
  medium: { name: 'medium', tenants: 4, openMatters: 25_000, closedMatters: 75_000, maxReports: 6 },
  million: { name: 'million', tenants: 1, openMatters: 250_000, closedMatters: 750_000, maxReports: 5 },
  city16: { name: 'city16', tenants: 16, openMatters: 250_000, closedMatters: 750_000, maxReports: 5 },
  city: { name: 'city', tenants: 16, openMatters: 1_000_000, closedMatters: 3_000_000, maxReports: 5 },
  country: { name: 'country', tenants: 3_000, openMatters: 1_500_000, closedMatters: 4_500_000, maxReports: 5 },
};

/** The size by name, or an error listing the known ones. */
export function benchSize(name: string): BenchSize {
  const s = BENCH_SIZES[name];
  if (!s) throw new Error(`unknown size "${name}" (have: ${Object.keys(BENCH_SIZES).join(', ')})`);
  return s;
}

// The districts of 郑州市, so a city-size tenant list reads like one city; further tenants are numbered.
const CITY_DISTRICTS = [
  ['中原区', '中原督'],
  ['二七区', '二七督'],
  ['管城回族区', '管城督'],
  ['金水区', '金水督'],
  ['上街区', '上街督'],
  ['惠济区', '惠济督'],
  ['巩义市', '巩义督'],
  ['荥阳市', '荥阳督'],
  ['新密市', '新密督'],
  ['新郑市', '新郑督'],
  ['登封市', '登封督'],
  ['中牟县', '中牟督'],
  ['郑东新区', '郑东督'],
  ['经济技术开发区', '经开督'],
  ['高新技术产业开发区', '高新督'],
  ['航空港区', '航空港督'],
] as const;

/** Tenant code, name and document prefix for the n-th generated tenant (1-based). */
export function benchTenant(n: number): { code: string; name: string; docPrefix: string } {
  const code = `bench${String(n).padStart(4, '0')}`;
  const d = CITY_DISTRICTS[n - 1];
  return d ? { code, name: `基准·${d[0]}`, docPrefix: d[1] } : { code, name: `基准·第${n}区`, docPrefix: `基${n}督` };
}
