import { useQuery } from '@tanstack/react-query';
import { Result, Spin } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes, useParams } from 'react-router';
import { publicHome } from '../../api/citizens';
import { ApiError } from '../../api/client';
import { CitizenReportPage } from './CitizenReportPage';
import { CitizenLookupPage, CitizenResolvedPage, CitizenTrackPage } from './CitizenTrackPages';
import './citizens.css';

/**
 * The public pages of a tenant (/p/:tenant …), outside the signed-in app: no account, no menu, mobile first
 * (320–375 px, large touch targets, large type), Chinese first. Served under the same strict CSP as the app.
 */
export function CitizenApp() {
  const { t } = useTranslation();
  const { tenant = '' } = useParams();
  const home = useQuery({ queryKey: ['citizen-home', tenant], queryFn: () => publicHome(tenant), staleTime: 10 * 60_000 });
  useEffect(() => {
    if (home.data) document.title = `${home.data.name} · ${t('citizens.report.title')}`;
  }, [home.data, t]);
  if (home.isLoading) return <Spin size="large" fullscreen />;
  if (!home.data) return <Result status="404" title={home.error instanceof ApiError ? home.error.message : '404'} />;
  const base = `/p/${tenant}`;
  return (
    <div className="cz-app">
      <header className="cz-header">
        <div className="cz-brand">{home.data.name}</div>
        <nav className="cz-nav">
          <NavLink to={base} end>
            {t('citizens.nav.report')}
          </NavLink>
          <NavLink to={`${base}/lookup`}>{t('citizens.nav.lookup')}</NavLink>
          <NavLink to={`${base}/resolved`}>{t('citizens.nav.resolved')}</NavLink>
        </nav>
      </header>
      <main className="cz-main">
        <Routes>
          <Route index element={<CitizenReportPage tenant={tenant} home={home.data} />} />
          <Route path="lookup" element={<CitizenLookupPage tenant={tenant} />} />
          <Route path="resolved" element={<CitizenResolvedPage tenant={tenant} />} />
          <Route path="t/:token" element={<CitizenTrackPage tenant={tenant} />} />
        </Routes>
      </main>
    </div>
  );
}
