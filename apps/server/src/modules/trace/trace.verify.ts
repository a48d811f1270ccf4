import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { AnchorState, TraceAnchor } from './trace.anchor';
import { chainBatch, chainStats, GENESIS_HASH, heads, rowAtSeq } from './trace.repository';
import { macValid, recomputeHash, traceKeyOf } from './trace.seal';

export type BreakReason =
  | 'hash_mismatch' // a row's content no longer matches its hash: it was edited
  | 'mac_invalid' // a row lacks the server key's MAC: it was written outside the application
  | 'chain_broken' // a row does not point at its predecessor's hash: rows removed or re-ordered
  | 'seq_gap' // a sequence number is missing: a row was deleted
  | 'head_mismatch' // the head table disagrees with the last row
  | 'anchor_rows_missing' // the anchor saw rows that are gone: the newest rows were deleted
  | 'anchor_hash_mismatch' // the row the anchor saw now has another hash: the chain was rewritten
  | 'anchor_signature_invalid' // the anchor file itself was altered
  | 'anchor_missing' // no anchor (file, or this tenant's entry) for a chain that has rows: nothing vouches for its newest rows
  | 'anchor_unreadable'; // the anchor file cannot be read or is not an anchor file

export const BREAK_REASON_LABELS: Record<BreakReason, string> = {
  hash_mismatch: '记录内容与其哈希不符（记录被修改）',
  mac_invalid: '记录缺少服务器密钥的签名或签名不符（记录不是本系统写入的）',
  chain_broken: '记录未指向前一条记录的哈希（记录被删除或调换）',
  seq_gap: '序号不连续（记录被删除）',
  head_mismatch: '链头与最后一条记录不符',
  anchor_rows_missing: '外部锚点记录的最新记录已不存在（最新记录被删除）',
  anchor_hash_mismatch: '外部锚点记录的哈希与数据库不符（痕迹链被重写）',
  anchor_signature_invalid: '外部锚点文件签名无效（锚点文件被篡改）',
  anchor_missing: '外部锚点文件缺失或没有本单位的锚点（无法确认最新记录未被删除、痕迹链未被重写）',
  anchor_unreadable: '外部锚点文件无法读取或格式不符（无法确认最新记录未被删除、痕迹链未被重写）',
};

export type FirstBreak = {
  tenantId: number;
  seq: number;
  id: number | null;
  at: string | null;
  action: string | null;
  reason: BreakReason;
  message: string;
};

export type TenantVerification = {
  tenantId: number;
  rows: number;
  headSeq: number;
  anchorSeq: number | null;
  intact: boolean;
};

export type VerifyResult = {
  status: 'intact' | 'broken';
  checkedAt: string;
  rows: number;
  tenants: TenantVerification[];
  firstBroken: FirstBreak | null;
};

const BATCH = 5000;

/**
 * Walks every row of each tenant's chain (or one tenant's), then checks the head and the external anchor.
 * A chain with rows and no readable anchor for it fails: without one, deleting the newest rows goes unseen.
 * `ignoreAnchor` checks the chain alone (before an operator re-establishes a lost anchor).
 */
export async function verifyTrace(db: Kysely<DB>, anchor: TraceAnchor, now: Date, tenantId?: number, opts: { ignoreAnchor?: boolean } = {}): Promise<VerifyResult> {
  const anchorState: AnchorState | null = opts.ignoreAnchor ? null : anchor.read();
  const anchorFile = anchorState?.state === 'ok' ? anchorState.file : null;
  const tenantIds =
    tenantId !== undefined
      ? [tenantId]
      : [...new Set([...(await heads(db)).map((h) => h.tenant_id), ...Object.keys(anchorFile?.tenants ?? {}).map(Number)])].sort(
          (a, b) => a - b,
        );
  const tenants: TenantVerification[] = [];
  let firstBroken: FirstBreak | null = null;
  let total = 0;
  for (const tid of tenantIds) {
    const v = await verifyTenant(db, anchor, anchorState, anchorFile?.tenants[String(tid)] ?? null, tid);
    tenants.push(v.summary);
    total += v.summary.rows;
    if (v.broken && !firstBroken) firstBroken = v.broken;
  }
  return { status: firstBroken ? 'broken' : 'intact', checkedAt: now.toISOString(), rows: total, tenants, firstBroken };
}

async function verifyTenant(
  db: Kysely<DB>,
  anchor: TraceAnchor,
  anchorState: AnchorState | null,
  anchorEntry: { seq: number; hash: string; at: string; mac: string } | null,
  tenantId: number,
): Promise<{ summary: TenantVerification; broken: FirstBreak | null }> {
  const key = traceKeyOf(db);
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let broken: FirstBreak | null = null;
  const fail = (seq: number, row: { id: number; at: Date; action: string } | null, reason: BreakReason): FirstBreak => ({
    tenantId,
    seq,
    id: row?.id ?? null,
    at: row?.at.toISOString() ?? null,
    action: row?.action ?? null,
    reason,
    message: `第 ${seq} 条：${BREAK_REASON_LABELS[reason]}`,
  });
  for (let after = 0; !broken; ) {
    const batch = await chainBatch(db, tenantId, after, BATCH);
    if (batch.length === 0) break;
    for (const r of batch) {
      if (r.seq !== expectedSeq) {
        broken = fail(expectedSeq, r, 'seq_gap');
        break;
      }
      if (r.prev_hash !== prevHash) {
        broken = fail(r.seq, r, 'chain_broken');
        break;
      }
      if (recomputeHash(r) !== r.hash) {
        broken = fail(r.seq, r, 'hash_mismatch');
        break;
      }
      if (!macValid(key, r)) {
        broken = fail(r.seq, r, 'mac_invalid');
        break;
      }
      prevHash = r.hash;
      expectedSeq++;
    }
    after = batch[batch.length - 1]?.seq ?? after;
  }
  const stats = await chainStats(db, tenantId);
  const head = (await heads(db, tenantId))[0] ?? null;
  const lastSeq = expectedSeq - 1;
  if (!broken && head && (head.seq !== lastSeq || head.hash !== prevHash)) {
    broken = fail(Math.min(head.seq, lastSeq + 1), null, 'head_mismatch');
  }
  if (!broken && anchorState && !anchorEntry && lastSeq > 0) {
    broken = fail(lastSeq, null, anchorState.state === 'unreadable' ? 'anchor_unreadable' : 'anchor_missing');
  }
  if (!broken && anchorEntry) {
    if (!anchor.verifyEntry(tenantId, anchorEntry)) {
      broken = fail(anchorEntry.seq, null, 'anchor_signature_invalid');
    } else if (anchorEntry.seq > lastSeq) {
      broken = fail(lastSeq + 1, null, 'anchor_rows_missing');
    } else {
      const seen = await rowAtSeq(db, tenantId, anchorEntry.seq);
      if (!seen || seen.hash !== anchorEntry.hash) {
        broken = fail(anchorEntry.seq, seen ?? null, 'anchor_hash_mismatch');
      }
    }
  }
  return {
    summary: {
      tenantId,
      rows: Number(stats.rows),
      headSeq: head?.seq ?? 0,
      anchorSeq: anchorEntry?.seq ?? null,
      intact: !broken,
    },
    broken,
  };
}
