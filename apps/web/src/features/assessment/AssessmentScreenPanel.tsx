import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useLeague } from '../../api/assessment';
import { useLatestQuarter } from './AssessmentCockpitTab';

const ROWS = 5;
const ROTATE_MS = 10_000;

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
  const groups = [...new Set((data?.units ?? []).map((u) => u.groupLabel))];
  // One peer group at a time (the column is narrow), turning every ROTATE_MS like the other lists on the screen.
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (groups.length <= 1) return;
    const timer = setInterval(() => setIndex((i) => i + 1), ROTATE_MS);
    return () => clearInterval(timer);
  }, [groups.length]);
  if (!data || !groups.length) return null;
  const group = groups[index % groups.length]!;
  const flagged = data.units.filter((u) => u.flagged).length;
  return (
    <Panel
      title={t('assessInsight.screenPanel')}
      className="screen-assess-panel"
      extra={
        <span className="screen-assess-extra">
          {data.period.code} {group}
          {flagged > 0 && <em>{t('assessInsight.screenFlagged', { n: flagged })}</em>}
        </span>
      }
    >
      <div className="screen-assess-list" data-testid="screen-assessment">
        {data.units
          .filter((u) => u.groupLabel === group)
          .slice(0, ROWS)
          .map((u) => (
            <p key={u.unitId}>
              <span className="rank">{u.rank}</span>
              <span className="name">{u.name}</span>
              <i className={u.movement ? (u.movement > 0 ? 'up' : 'down') : ''}>{u.movement ? (u.movement > 0 ? `↑${u.movement}` : `↓${-u.movement}`) : '–'}</i>
              <b>{u.total}</b>
            </p>
          ))}
      </div>
    </Panel>
  );
}
