import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useLeague } from '../../api/assessment';
import { useLatestQuarter } from './AssessmentCockpitTab';

const ROWS = 5;

/** The latest quarter's league table when the viewer may read it (the screen makes room for the panel only then). */
export function useScreenLeague() {
  const { data: me } = useMe();
  const reader = !!me?.permissions.includes('assess.read');
  const latest = useLatestQuarter();
  return useLeague(reader ? latest : undefined).data;
}

/**
 * The big screen's 考核 panel: the latest quarter's league table of each peer group (top five, with movement since
 * the quarter before) and how many units are flagged for 问责. Shown only to viewers who read every unit's score.
 */
export function AssessmentScreenPanel({ Panel }: { Panel: (p: { title: string; children: ReactNode; className?: string; extra?: ReactNode }) => ReactNode }) {
  const { t } = useTranslation();
  const data = useScreenLeague();
  if (!data) return null;
  const groups = [...new Set(data.units.map((u) => u.groupLabel))];
  const flagged = data.units.filter((u) => u.flagged).length;
  return (
    <Panel title={t('assessInsight.screenPanel', { period: data.period.code })} className="screen-assess-panel" extra={flagged ? <span className="screen-assess-flag">{t('assessInsight.screenFlagged', { n: flagged })}</span> : null}>
      <div className="screen-assess-groups" data-testid="screen-assessment">
        {groups.map((g) => (
          <div key={g}>
            <h3>{g}</h3>
            {data.units
              .filter((u) => u.groupLabel === g)
              .slice(0, ROWS)
              .map((u) => (
                <p key={u.unitId}>
                  <span className="name">
                    {u.rank}. {u.name}
                  </span>
                  <i className={u.movement ? (u.movement > 0 ? 'up' : 'down') : ''}>{u.movement ? (u.movement > 0 ? `↑${u.movement}` : `↓${-u.movement}`) : '–'}</i>
                  <b>{u.total}</b>
                </p>
              ))}
          </div>
        ))}
      </div>
    </Panel>
  );
}
