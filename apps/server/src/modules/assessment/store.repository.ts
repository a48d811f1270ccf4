import type { CarriedLine, SubjectKey } from '@duban/shared';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { linesDigest } from './matter-digest';

export const subjectOf = (s: SubjectKey) => ({ subject_type: s.startsWith('unit:') ? ('unit' as const) : ('person' as const), subject_id: Number(s.split(':')[1]) });

// Rows per statement: one array per column, so a statement carries 15 parameters however many rows it has.
const CHUNK = 20_000;
/** Roles of the lines of no matter's split (documented items, 满意率, corrections), stored and diffed apart from the carried lines. */
const EXTRA_ROLES = ['item', 'satisfaction', 'correction'];

/**
 * Writes lines as INSERT … SELECT FROM unnest(one array per column): a few statements for a quarter's hundreds of
 * thousands of lines instead of a 17-parameter VALUES row each (parse and bind were most of a district quarter's recompute).
 */
async function insertLines(t: Transaction<DB>, tenantId: number, periodId: number, lines: readonly CarriedLine[]): Promise<void> {
  for (let i = 0; i < lines.length; i += CHUNK) {
    const part = lines.slice(i, i + CHUNK);
    const subjects = part.map((l) => subjectOf(l.subject));
    await sql`
      insert into assessment_lines (tenant_id, period_id, subject_type, subject_id, carrier_role, matter_id, line_key, rule, on_date,
        quantity, unit_points, share, points, clause, event_seq, text, exempt)
      select ${tenantId}::int, ${periodId}::int, l.*
      from unnest(${subjects.map((s) => s.subject_type)}::text[], ${subjects.map((s) => s.subject_id)}::int[], ${part.map((l) => l.role)}::text[],
        ${part.map((l) => l.matterId)}::int[], ${part.map((l) => l.key)}::text[], ${part.map((l) => l.rule)}::text[], ${part.map((l) => l.on)}::date[],
        ${part.map((l) => l.quantity)}::numeric[], ${part.map((l) => l.unitPoints)}::numeric[], ${part.map((l) => l.share)}::numeric[],
        ${part.map((l) => l.points)}::numeric[], ${part.map((l) => l.clause)}::text[], ${part.map((l) => l.eventSeq)}::bigint[],
        ${part.map((l) => l.text)}::text[], ${part.map((l) => l.exempt)}::bool[]) as l`.execute(t);
  }
}

// One string per stored line of every column a recompute writes (numeric as float8 prints as JS prints the
// number: shortest exact form), so a line that did not change is recognised and left alone.
const SEP = '\u0001';
const fingerprint = (l: CarriedLine) => {
  const s = subjectOf(l.subject);
  return [s.subject_type, s.subject_id, l.key, l.role, l.matterId ?? '', l.rule, l.on, l.quantity, l.unitPoints, l.share, l.points, l.clause, l.eventSeq ?? '', l.text, l.exempt ? 't' : 'f'].join(SEP);
};

/**
 * Makes the period's stored extra lines (items, 满意率, corrections) equal to `lines`, writing only the difference:
 * lines that changed or went are deleted, new and changed ones inserted, the rest kept with their ids.
 */
export async function storeExtraLines(t: Transaction<DB>, tenantId: number, periodId: number, lines: readonly CarriedLine[]): Promise<{ deleted: number; inserted: number }> {
  const stored = await sql<{ id: string; f: string }>`
    select id::text as id, concat_ws(chr(1), subject_type, subject_id, line_key, carrier_role, coalesce(matter_id::text, ''), rule, on_date::text,
      quantity::float8, unit_points::float8, share::float8, points::float8, clause, coalesce(event_seq::text, ''), text, exempt) as f
    from assessment_lines where period_id = ${periodId} and carrier_role in ('item', 'satisfaction', 'correction')`.execute(t);
  const kept = new Map(stored.rows.map((r) => [r.f, r.id]));
  const fresh: CarriedLine[] = [];
  for (const l of lines) {
    const f = fingerprint(l);
    if (kept.has(f)) kept.delete(f);
    else fresh.push(l);
  }
  const gone = [...kept.values()];
  for (let i = 0; i < gone.length; i += CHUNK) await sql`delete from assessment_lines where id = any(${gone.slice(i, i + CHUNK)}::bigint[])`.execute(t);
  await insertLines(t, tenantId, periodId, fresh);
  return { deleted: gone.length, inserted: fresh.length };
}

/**
 * Before a period's first recompute with digests (lines stored before migration 11100, or none at all): with no digest
 * to compare, the carried lines are dropped so every matter's lines are written afresh.
 */
export async function startMatterLines(t: Transaction<DB>, periodId: number): Promise<void> {
  const any = await t.selectFrom('assessment_matter_digests').select('matter_id').where('period_id', '=', periodId).limit(1).executeTakeFirst();
  if (!any) await sql`delete from assessment_lines where period_id = ${periodId} and carrier_role <> all(${EXTRA_ROLES}::text[])`.execute(t);
}

/**
 * A scored matter as the store takes it: how many lines it gives, the digest of what they are built from (see
 * scoredDigest) and a way to build them, called only when that digest differs from the stored one.
 */
export type MatterLines = { matterId: number; lineCount: number; scored: string; lines: () => readonly CarriedLine[] };

/**
 * Stores the carried lines of a chunk of matters, the period's scoring matters with ids in (after, upTo] (upTo null:
 * to the end). A matter whose scored digest is the stored one is left alone without building its lines; otherwise
 * its lines are built and their digest compared: unchanged, only the scored digest is noted; changed (or a matter in
 * the range that no longer scores), its lines are deleted and (if any) written again. Reads two digests per matter,
 * never the lines themselves. Returns how many matters' lines were built and rewritten, and lines inserted.
 */
export async function storeMatterChunk(t: Transaction<DB>, tenantId: number, periodId: number, range: { after: number; upTo: number | null }, matters: readonly MatterLines[]): Promise<{ built: number; matters: number; inserted: number }> {
  let q = t.selectFrom('assessment_matter_digests').select(['matter_id', 'digest', 'scored']).where('period_id', '=', periodId).where('matter_id', '>', range.after);
  if (range.upTo !== null) q = q.where('matter_id', '<=', range.upTo);
  const stored = new Map((await q.execute()).map((r) => [r.matter_id, r]));
  const changed: number[] = [];
  const fresh: CarriedLine[] = [];
  const digests: { matterId: number; digest: string; scored: string }[] = [];
  const rescored: { matterId: number; scored: string }[] = [];
  for (const m of matters) {
    const had = stored.get(m.matterId);
    stored.delete(m.matterId);
    if (!m.lineCount) {
      if (had) changed.push(m.matterId);
      continue;
    }
    if (had?.scored === m.scored) continue;
    const lines = m.lines();
    const digest = linesDigest(lines);
    if (had?.digest === digest) {
      rescored.push({ matterId: m.matterId, scored: m.scored });
      continue;
    }
    changed.push(m.matterId);
    for (const l of lines) fresh.push(l);
    digests.push({ matterId: m.matterId, digest, scored: m.scored });
  }
  // What is left in `stored` scored before and no longer does.
  changed.push(...stored.keys());
  if (rescored.length) {
    await sql`
      update assessment_matter_digests d set scored = u.s
      from unnest(${rescored.map((r) => r.matterId)}::int[], ${rescored.map((r) => r.scored)}::text[]) as u(m, s)
      where d.period_id = ${periodId} and d.matter_id = u.m`.execute(t);
  }
  const built = rescored.length + digests.length;
  if (!changed.length) return { built, matters: 0, inserted: 0 };
  await sql`delete from assessment_lines where tenant_id = ${tenantId} and period_id = ${periodId} and matter_id = any(${changed}::int[]) and carrier_role <> all(${EXTRA_ROLES}::text[])`.execute(t);
  await sql`delete from assessment_matter_digests where period_id = ${periodId} and matter_id = any(${changed}::int[])`.execute(t);
  await insertLines(t, tenantId, periodId, fresh);
  if (digests.length) {
    await sql`
      insert into assessment_matter_digests (period_id, matter_id, tenant_id, digest, scored)
      select ${periodId}::int, d.m, ${tenantId}::int, d.d, d.s
      from unnest(${digests.map((d) => d.matterId)}::int[], ${digests.map((d) => d.digest)}::text[], ${digests.map((d) => d.scored)}::text[]) as d(m, d, s)`.execute(t);
  }
  return { built, matters: changed.length, inserted: fresh.length };
}
