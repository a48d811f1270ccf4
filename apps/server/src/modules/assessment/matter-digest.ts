import { hash } from 'node:crypto';
import { LINES_FORMAT, type CarriedLine, type ScoredMatter, type ScoreLine } from '@duban/shared';

// One call per digest (no Hash object): a quarter of the million-matter tenant takes a quarter of a million of them.
const sha1 = (s: string) => hash('sha1', s, 'base64');

/**
 * The digest of a matter's lines: every field, in the order the shared accumulator writes them (JSON.stringify
 * keeps it; a change in the lines' shape changes every digest, which only rewrites the period once).
 */
export const linesDigest = (lines: readonly CarriedLine[]): string => sha1(JSON.stringify(lines));

/**
 * The digest of what a scored matter's lines are built from (the accumulator's `lines` is a pure function of it):
 * the rule book, how lines are built (LINES_FORMAT), each carrier with its share and role, the lines before sharing
 * and which of them an approved 容错 exempts. Equal digests mean equal lines, so the lines need not be built to be
 * compared; a new rule book (or version) changes every digest.
 */
export function scoredDigest(s: ScoredMatter, book: { id: number; version: number }, exempt: ReadonlySet<string>): string {
  const owns: (readonly ScoreLine[])[] = [];
  let text = `${LINES_FORMAT}|${book.id}|${book.version}`;
  for (const { subject, c, own } of s.carriers) {
    let i = owns.indexOf(own);
    if (i < 0) i = owns.push(own) - 1;
    text += `|${subject},${c.share},${c.role},${i}`;
  }
  for (const own of owns) {
    text += `\u0001${JSON.stringify(own)}`;
    for (const l of own) text += exempt.has(l.key) ? 'x' : '.';
  }
  return sha1(text);
}
