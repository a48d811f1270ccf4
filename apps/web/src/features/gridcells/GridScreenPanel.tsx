import { useTranslation } from 'react-i18next';
import { useGridOverview } from '../../api/gridCells';
import { defaultPeriod } from './GridStatsPage';

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

/**
 * The big screen's grid panel: open problems, 小事不出社区, 按期结案率, 满意率 and the streets' 红黑榜. Rendered only
 * for viewers who may see the grid's tenant-wide figures (the query answers 403 otherwise, and the panel stays away).
 */
export function GridScreenPanel({ Panel }: { Panel: (p: { title: string; children: React.ReactNode; className?: string }) => React.ReactNode }) {
  const { t } = useTranslation();
  const { data } = useGridOverview(defaultPeriod(), 120_000);
  if (!data) return null;
  const kpis: [string, string, string?][] = [
    [t('gridCells.map.open'), String(data.open), '#5fb4ff'],
    [t('gridCells.stats.lowLevel'), pct(data.total.lowLevelRate), '#73d13d'],
    [t('gridCells.stats.onTime'), pct(data.total.onTimeRate)],
    [t('gridCells.stats.satisfaction'), pct(data.total.satisfactionRate)],
  ];
  const { red, black } = data.redBlack.streets;
  return (
    <Panel title={t('gridCells.screen.panel')} className="screen-grid-panel">
      <div className="screen-grid-kpis" data-testid="screen-grid">
        {kpis.map(([label, value, color]) => (
          <div key={label}>
            <b style={{ color }}>{value}</b>
            <span>{label}</span>
          </div>
        ))}
      </div>
      <div className="screen-grid-lists">
        {([['red', red], ['black', black]] as const).map(([side, list]) => (
          <div key={side} className={side}>
            <h3>{t(side === 'red' ? 'gridCells.screen.red' : 'gridCells.screen.black')}</h3>
            {list.map((r, i) => (
              <p key={r.key}>
                <span>
                  {i + 1}. {r.name}
                </span>
                <i>{r.score.toFixed(1)}</i>
              </p>
            ))}
          </div>
        ))}
      </div>
    </Panel>
  );
}
