import { describe, expect, it } from 'vitest';
import { canonicalJson } from './crypto';

describe('canonicalJson', () => {
  it('sorts keys, whatever order they come in', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }] })).toBe('{"a":[{"c":"x","d":2}],"b":1}');
  });

  it('canonicalises a lone surrogate as U+FFFD (what PostgreSQL stores for it) instead of throwing', () => {
    expect(canonicalJson({ name: 'a\ud800b', ['\udfff']: ['\ud83d'] })).toBe('{"name":"a\ufffdb","\ufffd":["\ufffd"]}');
    expect(canonicalJson({ ok: '😀' })).toBe('{"ok":"😀"}');
  });
});
