import { problemQueueQuerySchema } from '@duban/shared';
import { describe, expect, it } from 'vitest';
import { queueQueryOf } from './queueQuery';

describe('the queue filters in the address', () => {
  it('reads the API’s own names, open problems by default, and passes the shared schema', () => {
    const q = queueQueryOf(new URLSearchParams('level=community&unitId=7&page=2&q=井盖'));
    expect(q).toEqual({ level: 'community', unitId: 7, page: 2, q: '井盖', open: 'true' });
    expect(problemQueueQuerySchema.safeParse(q).success).toBe(true);
    expect(queueQueryOf(new URLSearchParams('open=any')).open).toBeUndefined();
    expect(queueQueryOf(new URLSearchParams('open=false')).open).toBe('false');
  });
});
