import { searchProof } from '@duban/shared/pow';

// The proof of work of the public report, off the page's thread: tries nonces in slices and answers the first that
// holds (citizen-pow.ts). The page stays usable while it runs.
self.onmessage = (e: MessageEvent<{ challenge: string; bits: number }>) => {
  const { challenge, bits } = e.data;
  for (let from = 0; from < 2 ** 40; from += 50_000) {
    const nonce = searchProof(challenge, bits, from, 50_000);
    if (nonce !== null) {
      self.postMessage({ challenge, nonce });
      return;
    }
  }
};
