import { GRID_RATING_LABELS, GRID_RATINGS, type GridRating, type PublicProblem } from '@duban/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Image, Input, Result, Select, Spin, Tag, Timeline } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { lookupProblem, myReports, rateProblem, resolvedProblems, trackProblem } from '../../api/citizens';
import { ApiError } from '../../api/client';

const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
const STATUS_COLOUR: Record<string, string> = { closed: 'green', visited: 'green', rejected: 'default', merged: 'blue', parked: 'orange' };

/** The public view of one report: status, what was reported, the public steps with the after-photos, the 回访. */
export function PublicProblemView({ p, tenant, token }: { p: PublicProblem; tenant: string; token?: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="citizen-track">
      <Card className="cz-card">
        <div className="cz-label">{t('citizens.lookup.ticket')}</div>
        <div className="cz-ticket">{p.ticket}</div>
        <div className="cz-row" style={{ marginTop: 8 }}>
          <span className="cz-label">{t('citizens.track.status')}</span>
          <Tag color={STATUS_COLOUR[p.status] ?? 'processing'} style={{ fontSize: 16, padding: '4px 10px' }} data-testid="citizen-status">
            {p.statusLabel}
          </Tag>
        </div>
        {p.mergedIntoTicket && <Alert type="info" style={{ marginTop: 12 }} message={t('citizens.track.merged', { ticket: p.mergedIntoTicket })} />}
        <dl className="cz-facts">
          <dt>{t('citizens.track.category')}</dt>
          <dd>{p.categoryName}</dd>
          <dt>{t('citizens.track.reportedAt')}</dt>
          <dd>{when(p.reportedAt)}</dd>
          {(p.cellName || p.address) && (
            <>
              <dt>{t('citizens.track.place')}</dt>
              <dd>{[p.cellName, p.address].filter(Boolean).join(' · ')}</dd>
            </>
          )}
        </dl>
        <p className="cz-desc">{p.description}</p>
        {p.photos.length > 0 && (
          <Image.PreviewGroup>
            <div className="cz-photos">
              {p.photos.map((u) => (
                <Image key={u} src={u} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} />
              ))}
            </div>
          </Image.PreviewGroup>
        )}
      </Card>
      {token && p.canRate && <RateCard tenant={tenant} token={token} />}
      <Card className="cz-card" title={t('citizens.track.timeline')}>
        <Timeline
          items={[...p.steps].reverse().map((s, i) => ({
            color: i === 0 ? 'red' : 'gray',
            children: (
              <div>
                <div style={{ fontSize: 17, fontWeight: 600 }}>{s.label}</div>
                <div className="cz-muted">{when(s.at)}</div>
                {s.text && <div style={{ fontSize: 16 }}>{s.text}</div>}
                {s.photos.length > 0 && (
                  <div className="cz-photos" style={{ marginTop: 6 }}>
                    {s.photos.map((u) => (
                      <Image key={u} src={u} width={88} height={88} alt={t('citizens.track.after')} style={{ objectFit: 'cover', borderRadius: 6 }} />
                    ))}
                  </div>
                )}
              </div>
            ),
          }))}
        />
      </Card>
    </div>
  );
}

function RateCard({ tenant, token }: { tenant: string; token: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [rating, setRating] = useState<GridRating | null>(null);
  const [comment, setComment] = useState('');
  const rate = useMutation({
    mutationFn: () => rateProblem(tenant, token, { rating: rating ?? 'satisfied', comment: comment || undefined }),
    onSuccess: (p) => qc.setQueryData(['citizen-track', tenant, token], p),
  });
  return (
    <Card className="cz-card cz-rate" title={t('citizens.track.rateTitle')} data-testid="citizen-rate">
      <p>{t('citizens.track.rateIntro')}</p>
      <div className="cz-rate-buttons">
        {GRID_RATINGS.map((r) => (
          <Button key={r} size="large" type={rating === r ? 'primary' : 'default'} onClick={() => setRating(r)} className="cz-big">
            {GRID_RATING_LABELS[r]}
          </Button>
        ))}
      </div>
      <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('citizens.track.comment')} autoSize={{ minRows: 2 }} maxLength={500} className="cz-input" style={{ marginTop: 12 }} />
      {rate.error && <Alert type="error" style={{ marginTop: 12 }} message={rate.error instanceof ApiError ? rate.error.message : String(rate.error)} />}
      <Button type="primary" size="large" block disabled={!rating} loading={rate.isPending} onClick={() => rate.mutate()} className="cz-submit" style={{ marginTop: 12 }}>
        {t('citizens.track.rateSubmit')}
      </Button>
    </Card>
  );
}

/** /p/:tenant/t/:token — the private link. */
export function CitizenTrackPage({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const q = useQuery({ queryKey: ['citizen-track', tenant, token], queryFn: () => trackProblem(tenant, token) });
  if (q.isLoading) return <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;
  if (q.error || !q.data) return <Result status="warning" title={t('citizens.track.notFound')} subTitle={q.error instanceof ApiError ? q.error.message : ''} />;
  return <PublicProblemView p={q.data} tenant={tenant} token={token} />;
}

/** /p/:tenant/lookup — ticket + last 4 digits, and the reports made from this phone. */
export function CitizenLookupPage({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const [ticket, setTicket] = useState('');
  const [last4, setLast4] = useState('');
  const look = useMutation({ mutationFn: () => lookupProblem(tenant, { ticket, last4 }) });
  const mine = myReports(tenant);
  return (
    <div>
      <Card className="cz-card" title={t('citizens.lookup.title')}>
        <div className="cz-label">{t('citizens.lookup.ticket')}</div>
        <Input size="large" value={ticket} onChange={(e) => setTicket(e.target.value.trim().toUpperCase())} placeholder={t('citizens.lookup.ticketPlaceholder')} className="cz-input" data-testid="lookup-ticket" />
        <div className="cz-label" style={{ marginTop: 12 }}>
          {t('citizens.lookup.last4')}
        </div>
        <Input size="large" value={last4} onChange={(e) => setLast4(e.target.value.replace(/\D/g, '').slice(0, 4))} inputMode="numeric" maxLength={4} className="cz-input" data-testid="lookup-last4" />
        {look.error && <Alert type="error" showIcon style={{ marginTop: 12, fontSize: 16 }} message={look.error instanceof ApiError ? look.error.message : String(look.error)} data-testid="lookup-error" />}
        <Button type="primary" size="large" block className="cz-submit" style={{ marginTop: 12 }} loading={look.isPending} disabled={!ticket || last4.length !== 4} onClick={() => look.mutate()} data-testid="lookup-submit">
          {t('citizens.lookup.submit')}
        </Button>
        <p className="cz-muted" style={{ marginTop: 8 }}>
          {t('citizens.lookup.hint')}
        </p>
      </Card>
      {look.data && <PublicProblemView p={look.data} tenant={tenant} />}
      <Card className="cz-card" title={t('citizens.lookup.mine')}>
        {mine.length === 0 ? (
          <span className="cz-muted">{t('citizens.lookup.noMine')}</span>
        ) : (
          mine.map((r) => (
            <Link key={r.ticket} to={`/p/${tenant}/t/${r.token}`} className="cz-mine">
              <span>{r.ticket}</span>
              <span className="cz-muted">{when(r.at)}</span>
            </Link>
          ))
        )}
      </Card>
    </div>
  );
}

/** /p/:tenant/resolved — what reports led to, by street, without personal data. */
export function CitizenResolvedPage({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const [street, setStreet] = useState<number | null>(null);
  const q = useQuery({ queryKey: ['citizen-resolved', tenant, street], queryFn: () => resolvedProblems(tenant, street) });
  return (
    <div>
      <p className="cz-intro">{t('citizens.resolved.intro')}</p>
      <Select
        size="large"
        style={{ width: '100%', marginBottom: 12 }}
        value={street ?? 0}
        onChange={(v) => setStreet(v || null)}
        options={[{ value: 0, label: t('citizens.resolved.all') }, ...(q.data?.streets ?? []).map((s) => ({ value: s.id, label: s.name }))]}
      />
      {q.isLoading && <Spin size="large" style={{ display: 'block', margin: '40px auto' }} />}
      {q.data && q.data.items.length === 0 && <Result status="info" title={t('citizens.resolved.empty')} />}
      {q.data?.items.map((r) => (
        <Card key={r.ticket} className="cz-card" size="small" data-testid="resolved-item">
          <div className="cz-resolved">
            {r.afterPhoto && <Image src={r.afterPhoto} width={84} height={84} style={{ objectFit: 'cover', borderRadius: 6 }} />}
            <div>
              <div style={{ fontSize: 17, fontWeight: 600 }}>
                {r.categoryName} <Tag color="green">{r.days < 1 ? t('citizens.resolved.sameDay') : t('citizens.resolved.took', { d: r.days })}</Tag>
              </div>
              <div>{r.description}</div>
              <div className="cz-muted">
                {r.area ?? ''} · {when(r.closedAt)}
              </div>
            </div>
          </div>
        </Card>
      ))}
    </div>
  );
}
