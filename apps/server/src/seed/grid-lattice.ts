import type { CellGeometry } from '@duban/shared';

/**
 * Plausible grid polygons for the demo and the bench: a lattice of vertices jittered by a hash of their position
 * (so neighbouring areas share every vertex and tile without gaps or overlaps), and areas that are rectangles of
 * lattice quads (a street, its communities, their cells), whose outlines follow the jittered vertices and so look
 * drawn rather than ruled. Deterministic: the same lattice gives the same polygons on every machine.
 */

export type Lattice = {
  west: number;
  south: number;
  dx: number;
  dy: number;
  cols: number;
  rows: number;
  /** Share of a spacing a vertex may move (0–0.45). */
  jitter: number;
  seed: number;
  /** Keep the vertices of these rows (0 = south edge) on their straight line, where another lattice meets this one. */
  straightRows?: readonly number[];
};

/** A rectangle of quads: columns [c0, c1), rows [r0, r1) (row 0 in the south). */
export type Block = { c0: number; c1: number; r0: number; r1: number };

function hash01(a: number, b: number, seed: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35) ^ Math.imul(seed, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return ((h ^ (h >>> 15)) >>> 0) / 4294967296;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** The (jittered) position of lattice vertex (i, j): column i from the west, row j from the south. */
export function vertex(l: Lattice, i: number, j: number): [number, number] {
  const edgeX = i === 0 || i === l.cols;
  const edgeY = j === 0 || j === l.rows;
  const straight = l.straightRows?.includes(j) ?? false;
  const jx = edgeX ? 0 : (hash01(i, j, l.seed) - 0.5) * 2 * l.jitter * l.dx;
  const jy = edgeY || straight ? 0 : (hash01(j, i, l.seed + 1) - 0.5) * 2 * l.jitter * l.dy;
  // The outer edge wiggles a little too, along itself only, so the district's outline is not a ruled box.
  const ex = edgeY && !straight && !edgeX ? (hash01(i, j, l.seed + 2) - 0.5) * l.jitter * l.dx : 0;
  const ey = edgeX && !edgeY ? (hash01(i, j, l.seed + 3) - 0.5) * l.jitter * l.dy : 0;
  return [round6(l.west + i * l.dx + jx + ex), round6(l.south + j * l.dy + jy + ey)];
}

/** The outline of a block, counter-clockwise along every lattice vertex of its edge (a closed GeoJSON ring). */
export function blockPolygon(l: Lattice, b: Block): CellGeometry {
  const ring: [number, number][] = [];
  for (let i = b.c0; i < b.c1; i++) ring.push(vertex(l, i, b.r0));
  for (let j = b.r0; j < b.r1; j++) ring.push(vertex(l, b.c1, j));
  for (let i = b.c1; i > b.c0; i--) ring.push(vertex(l, i, b.r1));
  for (let j = b.r1; j > b.r0; j--) ring.push(vertex(l, b.c0, j));
  ring.push(ring[0] as [number, number]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Splits a length into parts of about `target` (each between target − 1 and target + 1 when it can). */
export function splitLength(n: number, target: number): number[] {
  const parts = Math.max(1, Math.round(n / target));
  const base = Math.floor(n / parts);
  const extra = n - base * parts;
  return Array.from({ length: parts }, (_, k) => base + (k < extra ? 1 : 0));
}

/**
 * A block cut into sub-blocks of about `w × h` quads, numbered west→east within each row of sub-blocks, north→south
 * (the order CJ/T 213 and DB11 number cells in).
 */
export function splitBlock(b: Block, w: number, h: number): Block[] {
  const cols = splitLength(b.c1 - b.c0, w);
  const rows = splitLength(b.r1 - b.r0, h);
  const out: Block[] = [];
  let r1 = b.r1;
  for (const rh of rows) {
    let c0 = b.c0;
    for (const cw of cols) {
      out.push({ c0, c1: c0 + cw, r0: r1 - rh, r1 });
      c0 += cw;
    }
    r1 -= rh;
  }
  return out;
}

/** A point inside a block (the jittered centre of its middle quad), for placing demo problems. */
export function blockPoint(l: Lattice, b: Block, u: number, v: number): [number, number] {
  const i = b.c0 + Math.min(b.c1 - b.c0 - 1, Math.floor(u * (b.c1 - b.c0)));
  const j = b.r0 + Math.min(b.r1 - b.r0 - 1, Math.floor(v * (b.r1 - b.r0)));
  const corners = [vertex(l, i, j), vertex(l, i + 1, j), vertex(l, i + 1, j + 1), vertex(l, i, j + 1)];
  return [round6(corners.reduce((s, c) => s + c[0], 0) / 4), round6(corners.reduce((s, c) => s + c[1], 0) / 4)];
}
