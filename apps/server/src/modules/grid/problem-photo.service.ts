import fs from 'node:fs';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { cleanPhoto, readPhotoUpload, storePhotoBlob } from '../../lib/photo';
import { blobPath } from '../attachments/attachment.storage';
import type { Upload } from '../attachments/attachment.service';
import { recordTrace } from '../trace/trace.service';
import { scopedProblem } from './problem.access';

/** A photo as the grid pages show it: where it downloads from and which step it belongs to. */
export type ProblemPhotoView = { id: number; url: string; phase: 'report' | 'before' | 'after' | 'verify'; size: number; createdAt: string };

const photoUrl = (id: number) => `/api/grid/photos/${id}`;

/**
 * A photo taken in the page: decoded and re-encoded without EXIF/GPS (lib/photo.ts), stored by content and kept as
 * the uploader's own, unattached, until a report or a step claims it. A retry of the same photo stores no second file.
 */
export async function uploadProblemPhoto(deps: Deps, actor: Actor, upload: Upload): Promise<{ id: number; url: string; size: number; width: number; height: number }> {
  requirePermission(actor, 'grid.report');
  const photo = await cleanPhoto(await readPhotoUpload(upload.stream));
  const stored = await storePhotoBlob(deps.config.filesDir, photo);
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const row = await trx
      .insertInto('attachments')
      .values({ tenant_id: actor.tenantId, matter_id: null, owner_type: 'pending', owner_id: null, file_name: `现场照片-${now.getTime()}.jpg`, mime: photo.mime, size: stored.size, sha256: stored.sha256, uploaded_by: actor.accountId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordTrace(trx, deps.clock, actor, { action: 'grid.photo.upload', entityType: 'attachment', entityId: row.id, after: { size: stored.size, width: photo.width, height: photo.height, sha256: stored.sha256, from: photo.sourceMime } });
    return { id: row.id, url: photoUrl(row.id), size: stored.size, width: photo.width, height: photo.height };
  });
}

/**
 * Inside a step's transaction: attaches photos to a problem for one phase. By default they must be the actor's own
 * unattached uploads (anything else refuses the step, naming the ids); `trusted` is for a channel that checked
 * ownership its own way (the citizens' page ties anonymous uploads to a draft).
 */
export async function claimProblemPhotos(trx: Transaction<DB>, actor: Actor, ids: readonly number[], problemId: string, phase: ProblemPhotoView['phase'], trusted = false): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  let q = trx.selectFrom('attachments').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', unique).where('owner_id', 'is', null).where('mime', 'like', 'image/%');
  if (!trusted) q = q.where('uploaded_by', '=', actor.accountId ?? -1);
  const rows = await q.execute();
  if (rows.length !== unique.length) {
    const missing = unique.filter((id) => !rows.some((r) => r.id === id));
    throw new AppError('attachment_not_available', `照片 ${missing.join('、')} 不可用：请重新拍照上传（只能使用本人刚上传且尚未使用的照片）`, [{ field: 'photoIds', message: '照片不可用，请重新上传' }]);
  }
  await trx.updateTable('attachments').set({ owner_type: 'grid_problem', owner_id: Number(problemId) }).where('id', 'in', unique).where('owner_id', 'is', null).execute();
  await trx.insertInto('grid_problem_photos').values(unique.map((id) => ({ attachment_id: String(id), tenant_id: actor.tenantId, problem_id: problemId, phase }))).execute();
  return unique;
}

/** The photos of a problem for its page (hidden ones left out). */
export async function problemPhotos(trx: Transaction<DB> | Deps['db'], problemId: string): Promise<ProblemPhotoView[]> {
  const rows = await trx
    .selectFrom('grid_problem_photos as ph')
    .innerJoin('attachments as a', 'a.id', 'ph.attachment_id')
    .select(['a.id', 'a.size', 'a.created_at', 'ph.phase'])
    .where('ph.problem_id', '=', problemId)
    .where('ph.hidden', '=', false)
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({ id: r.id, url: photoUrl(r.id), phase: r.phase, size: r.size, createdAt: new Date(r.created_at).toISOString() }));
}

/** A photo's bytes when the actor may see its problem (or it is their own upload not yet used); 404 otherwise. */
export async function openProblemPhoto(deps: Deps, actor: Actor, id: number) {
  requirePermission(actor, 'grid.read');
  const row = await deps.db
    .selectFrom('attachments as a')
    .leftJoin('grid_problem_photos as ph', 'ph.attachment_id', 'a.id')
    .select(['a.sha256', 'a.mime', 'a.size', 'a.owner_id', 'a.owner_type', 'a.uploaded_by', 'ph.problem_id', 'ph.hidden'])
    .where('a.tenant_id', '=', actor.tenantId)
    .where('a.id', '=', id)
    .executeTakeFirst();
  const own = row && row.owner_id === null && row.uploaded_by === actor.accountId && row.mime.startsWith('image/');
  const onProblem = row?.problem_id && !row.hidden && (await scopedProblem(deps.db, actor, row.problem_id).select('p.id').executeTakeFirst());
  if (!row || (!own && !onProblem)) throw new AppError('attachment_not_found', '照片不存在');
  const file = blobPath(deps.config.filesDir, row.sha256);
  if (!fs.existsSync(file)) throw new AppError('attachment_not_found', '照片文件已丢失，请联系系统管理员');
  return { mime: row.mime, size: row.size, stream: fs.createReadStream(file) };
}
