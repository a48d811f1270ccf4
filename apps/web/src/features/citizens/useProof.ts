import { searchProof, type CitizenProof, type PowChallenge } from '@duban/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { citizenChallenge } from '../../api/citizens';

type Solved = Promise<CitizenProof | undefined>;

/** Solves a challenge in a worker (or, without workers, in slices between the page's frames). */
function solve(c: PowChallenge): Solved {
  if (typeof Worker !== 'undefined') {
    return new Promise((resolve) => {
      const worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<CitizenProof>) => {
        worker.terminate();
        resolve(e.data);
      };
      worker.postMessage({ challenge: c.challenge, bits: c.bits });
    });
  }
  return new Promise((resolve) => {
    const step = (from: number) => {
      const nonce = searchProof(c.challenge, c.bits, from, 5_000);
      if (nonce !== null) resolve({ challenge: c.challenge, nonce });
      else setTimeout(() => step(from + 5_000), 0);
    };
    step(0);
  });
}

/**
 * The optional proof of work (per tenant, off by default): fetches a challenge when the page opens and solves it in
 * the background while the citizen fills in the form. `take()` answers the proof (waiting if it is not ready: rare),
 * or undefined when the tenant asks for none, and starts the next one (a proof is good once).
 */
export function useProof(tenant: string) {
  const pending = useRef<Solved | null>(null);
  const [solving, setSolving] = useState(false);

  const start = useCallback(() => {
    const p: Solved = citizenChallenge(tenant)
      .then((c) => ('challenge' in c ? (setSolving(true), solve(c)) : undefined))
      .catch(() => undefined)
      .finally(() => setSolving(false));
    pending.current = p;
    return p;
  }, [tenant]);

  useEffect(() => {
    void start();
  }, [start]);

  const take = useCallback(async (): Solved => {
    const proof = await (pending.current ?? start());
    pending.current = null;
    if (proof) void start();
    return proof;
  }, [start]);

  return { take, solving };
}
