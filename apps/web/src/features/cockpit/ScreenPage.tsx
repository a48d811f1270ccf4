import type { CockpitFeedItem, CockpitView } from '@duban/shared';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCockpit, useCockpitFeed } from '../../api/cockpit';
import { EChart } from '../../charts/EChart';
import { COLOUR_HEX, colourName, colourOption, trendOption } from './cockpitCharts';
import { useLiveEvents } from './useLiveEvents';
import './screen.css';
import { scopeText } from './scopeText';
import { GridScreenPanel } from '../gridcells/GridScreenPanel';
import { AssessmentScreenPanel, useScreenLeague } from '../assessment/AssessmentScreenPanel';

const ROTATE_MS = 10_000;
const LEAGUE_ROWS = 10;
const OVERDUE_ROWS = 5;
const FEED_ROWS = 5;

/** Pages through `items` `size` at a time, moving on every ROTATE_MS when there is more than fits. */
function useRotation<T>(items: T[], size: number): { page: T[]; index: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (pages <= 1) return;
    const t = setInterval(() => setIndex((i) => (i + 1) % pages), ROTATE_MS);
    return () => clearInterval(t);
  }, [pages]);
  const i = index % pages;
  return { page: items.slice(i * size, i * size + size), index: i, pages };
}

function Panel({ title, extra, children, className }: { title: string; extra?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`screen-panel ${className ?? ''}`}>
      <header>
        <h2>{title}</h2>
        {extra}
      </header>
      <div className="screen-panel-body">{children}</div>
    </section>
  );
}

const Dots = ({ index, pages }: { index: number; pages: number }) =>
  pages > 1 ? (
    <span className="screen-dots">
      {Array.from({ length: pages }, (_, i) => (
        <i key={i} className={i === index ? 'on' : ''} />
      ))}
    </span>
  ) : null;

/** 大屏: 1920×1080, dark, for a wall across the room; updates itself from server-sent events. */
export function ScreenPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { data: view } = useCockpit({ period: 'year' }, 120_000);
  const { data: feed = [] } = useCockpitFeed();
  const [now, setNow] = useState(dayjs());
  const [flash, setFlash] = useState<number>(0);

  useEffect(() => {
    const tick = setInterval(() => setNow(dayjs()), 1000);
    return () => clearInterval(tick);
  }, []);
  const refetch = useCallback(() => void qc.invalidateQueries({ queryKey: ['cockpit'] }), [qc]);
  const { connected } = useLiveEvents(
    '/api/cockpit/live',
    (m) => {
      if (m.type !== 'cockpit.refresh') setFlash(m.at);
      refetch();
    },
    refetch,
  );

  return (
    <div className="screen" data-testid="screen">
      <header className="screen-top">
        <div className="screen-top-left">
          {view && scopeText(view.scope, t)} · {view?.from} ～ {view?.to}
        </div>
        <h1>{t('screen.title')}</h1>
        <div className="screen-top-right">
          <span className={`screen-live ${connected ? 'on' : ''}`} data-testid="screen-live">
            {connected ? t('screen.live') : t('screen.reconnecting')}
          </span>
          <span className="screen-clock">{now.format('YYYY-MM-DD HH:mm:ss')}</span>
        </div>
      </header>
      {view ? <ScreenBody view={view} feed={feed} flash={flash} /> : <div className="screen-loading">…</div>}
    </div>
  );
}

function ScreenBody({ view, feed, flash }: { view: CockpitView; feed: CockpitFeedItem[]; flash: number }) {
  const { t } = useTranslation();
  const k = view.totals;
  const red = view.byColour.find((c) => c.colour === 'red')?.n ?? 0;
  // Room for the 考核 panel in the first column (viewers who read every unit's score): smaller charts, and the
  // donut without its legend (its slices are labelled).
  const assessReader = !!useScreenLeague();
  const colour = useMemo(() => {
    const option = colourOption(view, { t, dark: true, fontSize: 18 });
    return assessReader ? { ...option, legend: { show: false } } : option;
  }, [view, t, assessReader]);
  const trend = useMemo(() => trendOption({ ...view, trend: view.trend.slice(-16) }, { t, dark: true, fontSize: 15 }), [view, t]);
  const league = useRotation(view.units, LEAGUE_ROWS);
  const overdue = useRotation(view.overdueList, OVERDUE_ROWS);
  const kpis: [string, string, string?][] = [
    [t('cockpit.all'), String(k.all.n)],
    [t('cockpit.open'), String(k.open.n), '#5fb4ff'],
    [t('cockpit.done'), String(k.done.n), '#73d13d'],
    [t('cockpit.completionRate'), `${k.completionRate.toFixed(1)}%`, '#73d13d'],
    [t('cockpit.onTimeRate'), `${k.onTimeRate.toFixed(1)}%`],
    [t('cockpit.overdue'), String(k.overdue.n), '#ff4d4f'],
    [colourName('red'), String(red), '#ff4d4f'],
  ];
  return (
    <main className="screen-grid">
      <div className="screen-kpis">
        {kpis.map(([label, value, color]) => (
          <div key={label} className="screen-kpi" data-testid="screen-kpi">
            <div className="screen-kpi-value" style={{ color }}>
              {value}
            </div>
            <div className="screen-kpi-label">{label}</div>
          </div>
        ))}
      </div>
      <div className="screen-col">
        <Panel title={t('cockpit.byColour')}>
          <EChart dark option={colour} style={{ height: assessReader ? 250 : 330 }} />
        </Panel>
        <Panel title={t('cockpit.trend')}>
          <EChart dark option={trend} style={{ height: assessReader ? 150 : 300 }} />
        </Panel>
        <AssessmentScreenPanel Panel={Panel} />
      </div>
      <div className="screen-col">
        <Panel title={t('screen.league')} extra={<Dots index={league.index} pages={league.pages} />} className="grow">
          <table className="screen-table league" data-testid="screen-league">
            <colgroup>
              <col className="rank" />
              <col />
              <col className="num" />
              <col className="num" />
              <col className="num" />
              <col className="rate" />
            </colgroup>
            <thead>
              <tr>
                <th>#</th>
                <th>{t('cockpit.unit')}</th>
                <th>{t('cockpit.all')}</th>
                <th>{t('screen.done')}</th>
                <th>{t('cockpit.overdue')}</th>
                <th>{t('cockpit.completionRate')}</th>
              </tr>
            </thead>
            <tbody>
              {league.page.map((u, i) => (
                <tr key={u.unitId}>
                  <td className="rank">{league.index * LEAGUE_ROWS + i + 1}</td>
                  <td className="name">{u.unitName}</td>
                  <td>{u.all.n}</td>
                  <td>{u.done.n}</td>
                  <td className={u.overdue.n ? 'bad' : ''}>{u.overdue.n}</td>
                  <td>
                    <div className="screen-bar">
                      <i style={{ width: `${u.completionRate}%` }} />
                      <span>{u.completionRate.toFixed(1)}%</span>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
        <GridScreenPanel Panel={Panel} />
      </div>
      <div className="screen-col">
        <Panel title={t('screen.feed')} className="grow">
          <ul className="screen-feed" data-testid="screen-feed">
            {feed.slice(0, FEED_ROWS).map((f, i) => (
              <li key={`${f.kind}-${f.matterId}-${f.at}`} className={i === 0 && Date.now() - flash < 15_000 ? 'fresh' : ''}>
                <div className="meta">
                  <span className={`kind ${f.kind}`}>{f.kind === 'report' ? t('screen.report') : t('screen.colourChange')}</span>
                  <span>{dayjs(f.at).format('MM-DD HH:mm')}</span>
                  <span className="unit">{f.unitName}</span>
                </div>
                <div className="title">{f.title}</div>
                <div className="text">
                  {f.kind === 'report' ? (
                    `${f.progress ?? 0}% · ${f.text}`
                  ) : (
                    <>
                      {f.fromColour ? colourName(f.fromColour) : '—'} → <b style={{ color: COLOUR_HEX[f.toColour ?? 'none'] }}>{f.toColour ? colourName(f.toColour) : '—'}</b>
                    </>
                  )}
                </div>
              </li>
            ))}
            {!feed.length && <li className="empty">{t('screen.noFeed')}</li>}
          </ul>
        </Panel>
        <Panel title={t('screen.overdue')} extra={<Dots index={overdue.index} pages={overdue.pages} />}>
          <table className="screen-table compact" data-testid="screen-overdue">
            <tbody>
              {overdue.page.map((m) => (
                <tr key={m.id}>
                  <td className="name">{m.title}</td>
                  <td className="unit">{m.unitName}</td>
                  <td className="bad">{t('screen.days', { n: m.daysOverdue })}</td>
                </tr>
              ))}
              {!overdue.page.length && (
                <tr>
                  <td className="empty">{t('cockpit.noOverdue')}</td>
                </tr>
              )}
            </tbody>
          </table>
        </Panel>
      </div>
    </main>
  );
}
