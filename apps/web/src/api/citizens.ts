import type { CitizenProof, CitizenReportInput, CitizenReportResult, NearbyProblem, PowChallenge, PublicProblem, ResolvedProblem } from '@duban/shared';
import { api } from './client';

/** The public page's first answer: the tenant, its categories by major class and its cells (polygons) to tap. */
export type PublicHome = {
  code: string;
  name: string;
  categories: { id: number; code: string; name: string; kind: 'component' | 'event'; children: { id: number; code: string; name: string }[] }[];
  cells: { id: number; code: string; name: string; polygon: unknown }[];
};

const base = (tenant: string) => `/api/public/${encodeURIComponent(tenant)}`;

export const publicHome = (tenant: string) => api<PublicHome>('GET', base(tenant));

/** Uploads one photo taken in the page; the answer's key goes back with the report. */
export function uploadCitizenPhoto(tenant: string, file: Blob, name: string) {
  const form = new FormData();
  form.append('file', file, name);
  return api<{ id: number; key: string; width: number; height: number }>('POST', `${base(tenant)}/photos`, form);
}

/** Sends the report; the same Idempotency-Key on a retry makes no second report. */
export const submitCitizenReport = (tenant: string, body: CitizenReportInput, key: string) =>
  api<CitizenReportResult>('POST', `${base(tenant)}/reports`, body, { headers: { 'idempotency-key': key } });

export const nearbyProblems = (tenant: string, q: { categoryId: number; lat: number; lon: number }) =>
  api<{ items: NearbyProblem[] }>('GET', `${base(tenant)}/nearby?categoryId=${q.categoryId}&lat=${q.lat}&lon=${q.lon}`);

/** A proof-of-work challenge when the tenant asks for one (solved in the page: useProof). */
export const citizenChallenge = (tenant: string) => api<PowChallenge | { required: false }>('GET', `${base(tenant)}/challenge`);

export const followProblem = (tenant: string, ticket: string, body: { name?: string; mobile?: string; proof?: CitizenProof }) => api<CitizenReportResult>('POST', `${base(tenant)}/follow/${encodeURIComponent(ticket)}`, body);

export const lookupProblem = (tenant: string, body: { ticket: string; last4: string }) => api<PublicProblem>('POST', `${base(tenant)}/lookup`, body);

export const trackProblem = (tenant: string, token: string) => api<PublicProblem>('GET', `${base(tenant)}/track/${encodeURIComponent(token)}`);

export const rateProblem = (tenant: string, token: string, body: { rating: string; comment?: string }) => api<PublicProblem>('POST', `${base(tenant)}/track/${encodeURIComponent(token)}/rating`, body);

export const resolvedProblems = (tenant: string, street: number | null) =>
  api<{ streets: { id: number; name: string }[]; items: ResolvedProblem[] }>('GET', `${base(tenant)}/resolved${street ? `?street=${street}` : ''}`);

/** The reports this browser made, kept on the phone so an older person finds them again without the SMS. */
export type MyReport = { ticket: string; token: string; at: string };
const storeKey = (tenant: string) => `duban.citizen.${tenant}`;
export function myReports(tenant: string): MyReport[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(storeKey(tenant)) ?? '[]');
    return Array.isArray(v) ? (v as MyReport[]).filter((r) => typeof r?.ticket === 'string' && typeof r?.token === 'string') : [];
  } catch {
    return [];
  }
}
export function rememberReport(tenant: string, r: MyReport): void {
  const list = [r, ...myReports(tenant).filter((x) => x.ticket !== r.ticket)].slice(0, 20);
  localStorage.setItem(storeKey(tenant), JSON.stringify(list));
}
