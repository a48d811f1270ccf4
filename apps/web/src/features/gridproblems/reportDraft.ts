import type { GridUrgency, ReportProblemInput } from '@duban/shared';

/**
 * A 网格长's report while it is being written and sent. It carries its Idempotency-Key from the moment it is
 * started, so sending it again after a failure (a weak network, a lost answer) cannot make a second problem: the
 * server answers the retry with the problem the first attempt made. The draft is kept in the browser until the
 * server has answered; only then does a new report get a new key.
 */
export type DraftPhoto = { id: number; url: string };

export type ReportDraft = {
  key: string;
  categoryId?: number;
  urgency?: GridUrgency;
  description: string;
  address?: string;
  cellId?: number;
  lon?: number;
  lat?: number;
  photos: DraftPhoto[];
  instant: boolean;
  result?: string;
  afterPhotos: DraftPhoto[];
};

/** A fresh Idempotency-Key (random; crypto.randomUUID where the page is a secure context). */
export function newDraftKey(random: () => number = Math.random): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return `grid-${c.randomUUID()}`;
  return `grid-${Date.now().toString(36)}-${Math.floor(random() * 2 ** 52).toString(36)}`;
}

export function emptyDraft(key = newDraftKey()): ReportDraft {
  return { key, description: '', photos: [], instant: false, afterPhotos: [] };
}

/** Whether the person has entered anything worth asking about before it is thrown away. */
export function draftHasInput(d: ReportDraft): boolean {
  return !!(d.categoryId || d.description.trim() || d.address?.trim() || d.cellId || d.photos.length || d.afterPhotos.length || d.result?.trim() || d.lon !== undefined);
}

/** The request body of a draft: the position if located, else the cell picked by hand; 即办 with its after-photos. */
export function reportBody(d: ReportDraft): ReportProblemInput {
  const located = d.lon !== undefined && d.lat !== undefined;
  return {
    categoryId: d.categoryId ?? 0,
    urgency: d.urgency,
    description: d.description.trim(),
    address: d.address?.trim() || undefined,
    lon: located ? d.lon : undefined,
    lat: located ? d.lat : undefined,
    cellId: located ? undefined : d.cellId,
    photoIds: d.photos.map((p) => p.id),
    instant: d.instant ? { result: d.result?.trim() ?? '', afterPhotoIds: d.afterPhotos.map((p) => p.id) } : undefined,
  };
}

/** Reads a stored draft back, or null when it is not one (an older shape, someone else's). */
export function parseDraft(text: string | null): ReportDraft | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<ReportDraft>;
    if (typeof v.key !== 'string' || !Array.isArray(v.photos) || !Array.isArray(v.afterPhotos)) return null;
    return { ...emptyDraft(v.key), ...v } as ReportDraft;
  } catch {
    return null;
  }
}
