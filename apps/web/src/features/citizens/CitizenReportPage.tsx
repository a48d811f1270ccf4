import {
  AlertOutlined,
  AimOutlined,
  AppstoreOutlined,
  BuildOutlined,
  CameraOutlined,
  CarOutlined,
  ClearOutlined,
  DeleteOutlined,
  EnvironmentOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  ShopOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { CITIZEN_MAX_PHOTOS, PROBLEM_DESCRIPTION_MAX, type CitizenReportResult } from '@duban/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Spin, Typography } from 'antd';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { followProblem, nearbyProblems, rememberReport, submitCitizenReport, uploadCitizenPhoto, type PublicHome } from '../../api/citizens';
import { ApiError } from '../../api/client';
import { EChart } from '../../charts/EChart';
import { cellAt, citizenMapOption } from './citizenMapOption';
import { useProof } from './useProof';

/** A picture for each major class of the standard taxonomy (others get a generic one). */
const CLASS_ICONS: Record<string, ReactNode> = {
  BJ01: <ToolOutlined />,
  BJ02: <CarOutlined />,
  BJ03: <DeleteOutlined />,
  BJ04: <NodeIndexOutlined />,
  SJ01: <ClearOutlined />,
  SJ02: <NotificationOutlined />,
  SJ03: <BuildOutlined />,
  SJ04: <ShopOutlined />,
  SJ05: <AlertOutlined />,
};

type Photo = { id: number; key: string; preview: string };
type Point = { lat: number; lon: number; how: 'gps' | 'map' };

/** An Idempotency-Key per form: a retry on a weak network sends the same key, so the server makes one report. */
function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `cz-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const fixed = (v: number) => v.toFixed(5);

/** 我要反映: category by pictures, description, photos taken in the page, place by GPS or the map, optional contact. */
export function CitizenReportPage({ tenant, home }: { tenant: string; home: PublicHome }) {
  const { t } = useTranslation();
  const [major, setMajor] = useState<number | null>(null);
  const [category, setCategory] = useState<{ id: number; name: string } | null>(null);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [uploading, setUploading] = useState(false);
  const [point, setPoint] = useState<Point | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<string | null>(null);
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [mobile, setMobile] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<(CitizenReportResult & { followed?: boolean; withMobile: boolean }) | null>(null);
  const [ignoreDup, setIgnoreDup] = useState(false);
  const proof = useProof(tenant);
  const key = useRef(newKey());
  const fileInput = useRef<HTMLInputElement>(null);

  const chosenCell = point ? cellAt(home.cells, point.lon, point.lat) : null;
  const option = useMemo(() => citizenMapOption(`citizen-${tenant}`, home.cells, chosenCell?.code ?? null), [tenant, home.cells, chosenCell?.code]);

  const nearby = useQuery({
    queryKey: ['citizen-nearby', tenant, category?.id, point?.lat, point?.lon],
    queryFn: () => nearbyProblems(tenant, { categoryId: category?.id ?? 0, lat: point?.lat ?? 0, lon: point?.lon ?? 0 }),
    enabled: !!category && !!point,
  });

  const fail = (err: unknown) => {
    if (err instanceof ApiError) setError([err.message, ...err.fieldIssues.map((i) => i.message)].filter((v, i, a) => a.indexOf(v) === i).join('；'));
    else setError(String(err));
  };

  const submit = useMutation({
    mutationFn: async () =>
      submitCitizenReport(
        tenant,
        {
          categoryId: category?.id ?? 0,
          description,
          address: address || undefined,
          lat: point?.lat,
          lon: point?.lon,
          photos: photos.map((p) => ({ id: p.id, key: p.key })),
          name: name || undefined,
          mobile: mobile || undefined,
          proof: await proof.take(),
        },
        key.current,
      ),
    onSuccess: (r) => {
      rememberReport(tenant, { ticket: r.ticket, token: r.token, at: new Date().toISOString() });
      setDone({ ...r, withMobile: !!mobile });
      window.scrollTo(0, 0);
    },
    onError: fail,
  });

  const follow = useMutation({
    mutationFn: async (ticket: string) => followProblem(tenant, ticket, { name: name || undefined, mobile: mobile || undefined, proof: await proof.take() }),
    onSuccess: (r) => {
      rememberReport(tenant, { ticket: r.ticket, token: r.token, at: new Date().toISOString() });
      setDone({ ...r, followed: true, withMobile: !!mobile });
      window.scrollTo(0, 0);
    },
    onError: fail,
  });

  async function addPhotos(files: FileList | null) {
    if (!files) return;
    setUploading(true);
    setError(null);
    try {
      for (const f of Array.from(files).slice(0, CITIZEN_MAX_PHOTOS - photos.length)) {
        const up = await uploadCitizenPhoto(tenant, f, f.name || 'photo.jpg');
        setPhotos((cur) => [...cur, { id: up.id, key: up.key, preview: URL.createObjectURL(f) }].slice(0, CITIZEN_MAX_PHOTOS));
      }
    } catch (err) {
      fail(err);
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  }

  function locate() {
    setLocateError(null);
    if (!navigator.geolocation) {
      setLocateError(t('citizens.report.locateFailed', { why: '浏览器不支持定位' }));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setPoint({ lat: pos.coords.latitude, lon: pos.coords.longitude, how: 'gps' });
      },
      (err) => {
        setLocating(false);
        setLocateError(t('citizens.report.locateFailed', { why: err.message || String(err.code) }));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  function send() {
    setError(null);
    if (!category) return setError(t('citizens.report.needCategory'));
    if (!point && !address.trim()) return setError(t('citizens.report.needPlace'));
    submit.mutate();
  }

  if (done) {
    const link = `${window.location.origin}${done.link}`;
    return (
      <Card className="cz-card" data-testid="citizen-done">
        <Typography.Title level={3} style={{ color: '#389e0d', marginTop: 0 }}>
          {done.followed ? t('citizens.report.followDone') : t('citizens.report.doneTitle')}
        </Typography.Title>
        <div className="cz-label">{t('citizens.report.doneTicket')}</div>
        <div className="cz-ticket" data-testid="citizen-ticket">
          {done.ticket}
        </div>
        <p>{t('citizens.report.doneLink')}</p>
        <Input.TextArea value={link} readOnly autoSize className="cz-link" />
        <div className="cz-row">
          <Button size="large" onClick={() => void navigator.clipboard?.writeText(link)}>
            {t('citizens.report.doneCopy')}
          </Button>
          <Link to={done.link}>
            <Button size="large" type="primary">
              {t('citizens.report.doneOpen')}
            </Button>
          </Link>
        </div>
        <p className="cz-muted">{done.withMobile ? t('citizens.report.doneSms') : t('citizens.report.doneNoSms')}</p>
        <Button size="large" block onClick={() => window.location.reload()}>
          {t('citizens.report.doneAgain')}
        </Button>
      </Card>
    );
  }

  const majorRow = home.categories.find((c) => c.id === major);
  const dups = ignoreDup ? [] : (nearby.data?.items ?? []);

  return (
    <div>
      <p className="cz-intro">{t('citizens.report.intro')}</p>

      <Card className="cz-card" title={t('citizens.report.step1')}>
        {category ? (
          <div className="cz-row" data-testid="citizen-category-chosen">
            <strong style={{ fontSize: 18 }}>{t('citizens.report.chosen', { name: category.name })}</strong>
            <Button size="large" onClick={() => setCategory(null)}>
              {t('citizens.report.change')}
            </Button>
          </div>
        ) : majorRow ? (
          <div className="cz-list">
            {majorRow.children.map((c) => (
              <Button key={c.id} size="large" block className="cz-choice" onClick={() => setCategory({ id: c.id, name: c.name })}>
                {c.name}
              </Button>
            ))}
            <Button size="large" type="link" onClick={() => setMajor(null)}>
              {t('citizens.report.back')}
            </Button>
          </div>
        ) : (
          <div className="cz-tiles">
            {home.categories.map((c) => (
              <button key={c.id} type="button" className="cz-tile" onClick={() => setMajor(c.id)}>
                <span className="cz-tile-icon">{CLASS_ICONS[c.code] ?? <AppstoreOutlined />}</span>
                <span>{c.name}</span>
              </button>
            ))}
          </div>
        )}
      </Card>

      <Card className="cz-card" title={t('citizens.report.step2')}>
        <Input.TextArea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          placeholder={t('citizens.report.descPlaceholder')}
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={PROBLEM_DESCRIPTION_MAX}
          showCount
          className="cz-input"
          aria-label={t('citizens.report.step2')}
        />
      </Card>

      <Card className="cz-card" title={t('citizens.report.step3', { n: CITIZEN_MAX_PHOTOS })}>
        <div className="cz-photos">
          {photos.map((p) => (
            <div key={p.id} className="cz-photo">
              <img src={p.preview} alt="" />
              <Button size="small" danger onClick={() => setPhotos((cur) => cur.filter((x) => x.id !== p.id))}>
                {t('citizens.report.removePhoto')}
              </Button>
            </div>
          ))}
          {photos.length < CITIZEN_MAX_PHOTOS && (
            <button type="button" className="cz-photo-add" onClick={() => fileInput.current?.click()} disabled={uploading}>
              {uploading ? <Spin /> : <CameraOutlined style={{ fontSize: 30 }} />}
              <span>{uploading ? t('citizens.report.uploading') : t('citizens.report.addPhoto')}</span>
            </button>
          )}
        </div>
        <input ref={fileInput} type="file" accept="image/jpeg,image/png,image/webp,image/heic" capture="environment" multiple hidden data-testid="citizen-photo-input" onChange={(e) => void addPhotos(e.target.files)} />
      </Card>

      <Card className="cz-card" title={t('citizens.report.step4')}>
        <Button size="large" block icon={<AimOutlined />} loading={locating} onClick={locate} className="cz-big">
          {locating ? t('citizens.report.locating') : t('citizens.report.locate')}
        </Button>
        {point && (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            showIcon
            icon={<EnvironmentOutlined />}
            data-testid="citizen-point"
            message={`${t(point.how === 'gps' ? 'citizens.report.located' : 'citizens.report.tapped', { lat: fixed(point.lat), lon: fixed(point.lon) })}${chosenCell ? `（${chosenCell.name}）` : ''}`}
          />
        )}
        {locateError && <Alert style={{ marginTop: 12 }} type="warning" message={locateError} />}
        {home.cells.length > 0 && (
          <>
            <p className="cz-muted" style={{ marginTop: 12 }}>
              {t('citizens.report.tapMap')}
            </p>
            <EChart option={option} testId="citizen-map" onPoint={([lon, lat]) => setPoint({ lon, lat, how: 'map' })} style={{ height: 260, border: '1px solid #eee', borderRadius: 8 }} />
          </>
        )}
        <div className="cz-label" style={{ marginTop: 12 }}>
          {t('citizens.report.address')}
        </div>
        <Input size="large" value={address} onChange={(e) => setAddress(e.target.value)} placeholder={t('citizens.report.addressPlaceholder')} maxLength={200} className="cz-input" />
      </Card>

      {dups.length > 0 && (
        <Card className="cz-card cz-dup" title={t('citizens.report.dupTitle')} data-testid="citizen-duplicates">
          <p>{t('citizens.report.dupIntro')}</p>
          {dups.map((d) => (
            <div key={d.ticket} className="cz-dup-item">
              <div>
                <strong>{d.categoryName}</strong> {d.description}
              </div>
              <div className="cz-muted">{t('citizens.report.dupAway', { m: d.distanceM, status: d.statusLabel, n: d.followers })}</div>
              <Button size="large" type="primary" ghost block loading={follow.isPending} onClick={() => follow.mutate(d.ticket)}>
                {t('citizens.report.dupFollow')}
              </Button>
            </div>
          ))}
          <Button type="link" size="large" onClick={() => setIgnoreDup(true)}>
            {t('citizens.report.dupIgnore')}
          </Button>
        </Card>
      )}

      <Card className="cz-card" title={t('citizens.report.step5')}>
        <div className="cz-label">{t('citizens.report.name')}</div>
        <Input size="large" value={name} onChange={(e) => setName(e.target.value)} maxLength={50} className="cz-input" autoComplete="name" />
        <div className="cz-label" style={{ marginTop: 12 }}>
          {t('citizens.report.mobile')}
        </div>
        <Input size="large" value={mobile} onChange={(e) => setMobile(e.target.value.replace(/\D/g, '').slice(0, 11))} inputMode="numeric" maxLength={11} className="cz-input" autoComplete="tel" />
        <p className="cz-muted">{t('citizens.report.mobileHelp')}</p>
        <p className="cz-muted">{t('citizens.report.anonymous')}</p>
      </Card>

      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12, fontSize: 16 }} data-testid="citizen-error" />}
      <Button type="primary" size="large" block className="cz-submit" loading={submit.isPending} disabled={uploading} onClick={send} data-testid="citizen-submit">
        {submit.isPending ? t(proof.solving ? 'citizens.report.verifying' : 'citizens.report.submitting') : t('citizens.report.submit')}
      </Button>
    </div>
  );
}
