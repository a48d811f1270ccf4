import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { AttachmentView } from '@duban/shared';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requireAnyPermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import { presentAttachment } from './attachment.presenter';
import * as repo from './attachment.repository';
import { blobPath, storeUpload } from './attachment.storage';
import { findVisibleMatter } from './matter-access';

/** An upload as the route hands it over: the file's stream and the name the browser gave. */
export type Upload = { stream: Readable & { truncated?: boolean }; fileName: string };

/** Owner kinds an upload can be attached to; an owner of no matter (an assessment item) passes matterId null. */
export type AttachmentOwner = { type: 'matter' | 'report' | 'completion' | 'inspection' | 'notice' | 'notice_reply' | 'assessment_item'; id: number; matterId: number | null };

const cleanName = (name: string) => name.replace(/[\\/\0\r\n]/g, '_').trim().slice(-200) || '未命名文件';

/**
 * Stores an uploaded file (size and real content type checked) and records it as the uploader's
 * own, unattached until a report, completion request, inspection or matter claims it.
 */
export async function uploadAttachment(deps: Deps, actor: Actor, upload: Upload): Promise<AttachmentView> {
  requireAnyPermission(actor, 'matter.read', 'matter.handle', 'matter.inspect');
  const fileName = cleanName(upload.fileName);
  const stored = await storeUpload(deps.config.filesDir, upload.stream, fileName, deps.config.maxUploadBytes);
  return inTransaction(deps.db, async (trx) => {
    const row = await repo.insertAttachment(trx, {
      tenant_id: actor.tenantId,
      matter_id: null,
      owner_type: 'pending',
      owner_id: null,
      file_name: fileName,
      mime: stored.mime,
      size: stored.size,
      sha256: stored.sha256,
      uploaded_by: actor.accountId,
      created_at: deps.clock.now(),
    });
    const view = presentAttachment(row);
    await recordTrace(trx, deps.clock, actor, { action: 'attachment.upload', entityType: 'attachment', entityId: row.id, after: { ...view, sha256: stored.sha256 } });
    return view;
  });
}

/** An attachment's metadata and a stream of its bytes, when the actor may see it; 404 otherwise. */
export async function openAttachment(deps: Deps, actor: Actor, id: number) {
  requireAnyPermission(actor, 'matter.read', 'matter.handle', 'matter.inspect');
  return streamOf(deps, await repo.findDownloadable(deps.db, actor, id));
}

/**
 * A file attached to an owner whose access the calling module has checked (an assessment item: whoever may see
 * its subject's score lines); 404 when the attachment is not that owner's.
 */
export async function openOwnedAttachment(deps: Deps, tenantId: number, id: number, owner: { type: AttachmentOwner['type']; id: number }) {
  return streamOf(deps, await repo.findOwned(deps.db, tenantId, id, owner));
}

function streamOf(deps: Deps, row: { file_name: string; mime: string; size: number; sha256: string } | undefined) {
  if (!row) throw new AppError('attachment_not_found');
  const file = blobPath(deps.config.filesDir, row.sha256);
  if (!fs.existsSync(file)) throw new AppError('attachment_not_found', '附件文件已丢失，请联系系统管理员');
  return { fileName: row.file_name, mime: row.mime, size: row.size, stream: fs.createReadStream(file) };
}

/**
 * Inside the owner's transaction: attaches the actor's own unattached uploads to an owner. Any id
 * that is someone else's, already used or unknown refuses the whole change (409).
 */
export async function claimAttachments(trx: Transaction<DB>, actor: Actor, ids: readonly number[], owner: AttachmentOwner): Promise<AttachmentView[]> {
  const unique = [...new Set(ids)];
  const rows = await repo.findClaimable(trx, actor, unique);
  if (rows.length !== unique.length) {
    const missing = unique.filter((id) => !rows.some((r) => r.id === id));
    throw new AppError('attachment_not_available', `附件 ${missing.join('、')} 不可用：只能使用本人上传且尚未关联的附件`);
  }
  await repo.setOwner(trx, actor.tenantId, unique, owner);
  return rows.map(presentAttachment);
}

/** The attachments of many owners of one kind, grouped by owner id. */
export async function attachmentsByOwner(deps: Deps, tenantId: number, ownerType: AttachmentOwner['type'], ownerIds: readonly number[]): Promise<Map<number, AttachmentView[]>> {
  const out = new Map<number, AttachmentView[]>();
  for (const row of await repo.listByOwners(deps.db, tenantId, ownerType, ownerIds)) {
    if (row.owner_id === null) continue;
    out.set(row.owner_id, [...(out.get(row.owner_id) ?? []), presentAttachment(row)]);
  }
  return out;
}

/** Attaches the actor's uploads to a matter itself (source documents, photos of the site). */
export async function attachToMatter(deps: Deps, actor: Actor, matterId: number, ids: readonly number[]): Promise<AttachmentView[]> {
  requireAnyPermission(actor, 'matter.manage', 'matter.handle');
  const matter = await findVisibleMatter(deps.db, actor, matterId);
  return inTransaction(deps.db, async (trx) => {
    const views = await claimAttachments(trx, actor, ids, { type: 'matter', id: matter.id, matterId: matter.id });
    await recordTrace(trx, deps.clock, actor, { action: 'matter.attach', entityType: 'matter', entityId: matter.id, after: { attachments: views.map((v) => ({ id: v.id, fileName: v.fileName })) } });
    return views;
  });
}

/** Every file on a matter, whatever it hangs on (the matter, a report, an inspection …). */
export async function listMatterAttachments(deps: Deps, actor: Actor, matterId: number): Promise<(AttachmentView & { ownerType: string })[]> {
  requireAnyPermission(actor, 'matter.read', 'matter.handle', 'matter.inspect');
  const matter = await findVisibleMatter(deps.db, actor, matterId);
  const rows = await repo.listByMatter(deps.db, actor.tenantId, matter.id);
  return rows.map((r) => ({ ...presentAttachment(r), ownerType: r.owner_type }));
}
