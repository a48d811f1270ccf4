import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { cloneElement, isValidElement, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { ME_KEY, useMe } from '../api/auth';
import { ApiError, onUnauthenticated } from '../api/client';
import { LoginPage } from '../features/auth/LoginPage';
import { Layout } from './Layout';
import { lazyPage } from './lazyPage';
import { PAGES, type PageRoute } from './routes';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// 督查 red, the colour of the office's seal.
const THEME = { token: { colorPrimary: '#c0392b', borderRadius: 6, fontFamily: '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",system-ui,sans-serif' } };

/** Sends the user back to the login page whenever the session is gone. */
function SessionWatcher() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(
    () =>
      onUnauthenticated((err) => {
        qc.setQueryData(ME_KEY, null);
        if (location.pathname !== '/login') {
          const to = encodeURIComponent(location.pathname + location.search);
          navigate(`/login?to=${to}${err.code === 'session_expired' ? '&expired=1' : ''}`, { replace: true });
        }
      }),
    [qc, navigate, location],
  );
  return null;
}

function Guard({ page }: { page: PageRoute }) {
  const { data: me } = useMe();
  const location = useLocation();
  const { t } = useTranslation();
  if (!me) return <Navigate to={`/login?to=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const allowed = page.anyOf.length === 0 || page.anyOf.some((p) => me.permissions.includes(p));
  // A fresh element each render, so a language switch re-renders pages that never call useTranslation themselves.
  const body = allowed ? (isValidElement(page.element) ? cloneElement(page.element) : page.element) : <Result status="403" title={t('errorPage.forbidden')} subTitle={t('errorPage.forbiddenWhy')} />;
  // Inside the frame, so the menu stays while a page's chunk loads.
  const loading = page.bare ? <Spin size="large" fullscreen /> : <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />;
  const lazyBody = <Suspense fallback={loading}>{body}</Suspense>;
  return page.bare ? lazyBody : <Layout>{lazyBody}</Layout>;
}

// The public citizens' pages carry ECharts (the map) and are fetched only under /p/.
const CitizenApp = lazyPage(() => import('../features/citizens/CitizenApp').then((m) => m.CitizenApp));

/** The public citizens' pages (/p/:tenant …) need no account: they bypass the session entirely. */
function Root() {
  const location = useLocation();
  if (location.pathname.startsWith('/p/')) {
    return (
      <Routes>
        <Route
          path="/p/:tenant/*"
          element={
            <Suspense fallback={<Spin size="large" fullscreen />}>
              <CitizenApp />
            </Suspense>
          }
        />
      </Routes>
    );
  }
  return <Shell />;
}

function Shell() {
  const { t } = useTranslation();
  const { data: me, isLoading } = useMe();
  if (isLoading) return <Spin size="large" fullscreen />;
  return (
    <>
      <SessionWatcher />
      <Routes>
        <Route path="/login" element={me ? <Navigate to="/" replace /> : <LoginPage />} />
        {PAGES.map((p) => (
          <Route key={p.path} path={p.path} element={<Guard page={p} />} />
        ))}
        <Route path="*" element={me ? <Layout><Result status="404" title={t('errorPage.notFound')} /></Layout> : <Navigate to="/login" replace />} />
      </Routes>
    </>
  );
}

/** Providers (Ant Design in zh_CN by default, queries, router) around the routes. */
export function App(): ReactNode {
  const { i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  dayjs.locale(zh ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={zh ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Root />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
