import { headersOf, hasRoute } from '../lib/http';
import { watchRss } from '../lib/server';
import { fmtCpu, fmtCpuCeiling } from '../lib/cpu';
import { notLanded, ratio, verdict, type Workload } from '../lib/context';

/** The ledger's xlsx export of the newest ~100,000 matters, timed to the last byte, with the server's memory growth. */
export const xlsxExport: Workload = {
  id: 'export',
  async run(ctx) {
    const name = `xlsx export (${ctx.exportRows.toLocaleString('en')} matters)`;
    const target = '≤ 15 s and server growth < 200 MB';
    if (!(await hasRoute(ctx.server.url, 'GET', '/api/matters/export.xlsx'))) return [notLanded(name, target, 'GET /api/matters/export.xlsx')];
    const t0 = performance.now();
    const { value: metered, growthMb } = await watchRss(ctx.server, () => ctx.metered(async () => {
      const r = await fetch(`${ctx.server.url}/api/matters/export.xlsx?createdFrom=${ctx.exportFrom}&sort=created_at&order=desc&limit=200`, { headers: headersOf(ctx.office) });
      const bytes = (await r.arrayBuffer()).byteLength;
      return { status: r.status, bytes };
    }, () => ctx.exportRows / 1000));
    const res = metered.value;
    const seconds = (performance.now() - t0) / 1000;
    const ceiling = (ctx.ceilings.exportMs ?? Number.NaN) / 1000;
    return [
      {
        workload: name,
        ours: `${seconds.toFixed(1)} s, +${growthMb.toFixed(0)} MB RSS, ${(res.bytes / 2 ** 20).toFixed(1)} MB file`,
        ceiling: `${ceiling.toFixed(1)} s exceljs stream`,
        ratio: ratio(seconds, ceiling),
        target,
        result: res.status !== 200 ? 'error' : verdict(seconds <= 15 && growthMb < 200),
        note: res.status !== 200 ? `HTTP ${res.status}` : undefined,
        cpu: fmtCpu(metered.cpu, 'server', '1k rows'),
        cpuCeiling: fmtCpuCeiling(ctx.ceilings.cpu?.export, metered.cpu, 'server', '1k rows', 'node'),
      },
    ];
  },
};
