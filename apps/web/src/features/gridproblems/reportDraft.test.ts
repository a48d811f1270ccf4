import { reportProblemSchema } from '@duban/shared';
import { describe, expect, it } from 'vitest';
import { draftHasInput, emptyDraft, newDraftKey, parseDraft, reportBody } from './reportDraft';

describe('the 网格长 report draft', () => {
  it('keeps one Idempotency-Key per draft: a stored and re-read draft sends with the same key', () => {
    const d = { ...emptyDraft(), categoryId: 3, description: '井盖缺失', cellId: 9, photos: [{ id: 1, url: '/api/grid/photos/1' }] };
    const again = parseDraft(JSON.stringify(d));
    expect(again?.key).toBe(d.key);
    expect(newDraftKey()).not.toBe(d.key);
    expect(newDraftKey(() => 0.5)).toMatch(/^grid-/);
  });

  it('sends the GPS position when located, otherwise the cell picked by hand; the body passes the shared schema', () => {
    const base = { ...emptyDraft('k'), categoryId: 3, description: '井盖缺失', cellId: 9 };
    expect(reportBody(base)).toMatchObject({ cellId: 9, lon: undefined });
    expect(reportProblemSchema.safeParse(reportBody(base)).success).toBe(true);
    const located = reportBody({ ...base, lon: 113.63, lat: 34.72 });
    expect(located).toMatchObject({ lon: 113.63, lat: 34.72, cellId: undefined });
    expect(reportProblemSchema.safeParse(located).success).toBe(true);
  });

  it('即办 carries the result and after-photos; the report photos are the before-photos', () => {
    const d = { ...emptyDraft('k'), categoryId: 3, description: '垃圾', cellId: 9, instant: true, result: '已清理', photos: [{ id: 1, url: '' }], afterPhotos: [{ id: 2, url: '' }] };
    expect(reportBody(d)).toMatchObject({ photoIds: [1], instant: { result: '已清理', afterPhotoIds: [2] } });
    expect(reportProblemSchema.safeParse(reportBody(d)).success).toBe(true);
    // Without after-photos the shared schema refuses it with a Chinese message.
    const bad = reportProblemSchema.safeParse(reportBody({ ...d, afterPhotos: [] }));
    expect(bad.success).toBe(false);
  });

  it('knows an untouched draft from one with input, and refuses junk from storage', () => {
    expect(draftHasInput(emptyDraft())).toBe(false);
    expect(draftHasInput({ ...emptyDraft(), description: '有字' })).toBe(true);
    expect(parseDraft('{"x":1}')).toBeNull();
    expect(parseDraft('not json')).toBeNull();
    expect(parseDraft(null)).toBeNull();
  });
});
