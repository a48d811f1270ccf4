import { describe, expect, it } from 'vitest';
import { createTestRuntime, engine } from '../../../test/runtime';
import { EventBus, type LiveEvent } from '../../lib/events';
import { startLiveBridge } from './live.bridge';

// Several instances on one PostgreSQL: an event published on one bus reaches the others once.
describe.runIf(engine() === 'postgres')('live bridge (LISTEN/NOTIFY)', () => {
  it('carries events between instances, once, and not back to their origin', async () => {
    const rt = await createTestRuntime();
    const url = rt.config.databaseUrl ?? '';
    const a = new EventBus();
    const b = new EventBus();
    const stopA = await startLiveBridge(a, url);
    const stopB = await startLiveBridge(b, url);
    const seenA: LiveEvent[] = [];
    const seenB: LiveEvent[] = [];
    a.subscribe((e) => seenA.push(e));
    b.subscribe((e) => seenB.push(e));
    a.publish({ tenantId: 1, type: 'matter.colour', accountIds: null, data: { matterId: 7, colour: 'red' } });
    b.publish({ tenantId: 1, type: 'inbox.new', accountIds: [3], data: { unread: 2 } });
    for (let i = 0; i < 50 && (seenA.length < 2 || seenB.length < 2); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    expect(seenA.map((e) => e.type)).toEqual(['matter.colour', 'inbox.new']);
    expect(seenB.map((e) => e.type).sort()).toEqual(['inbox.new', 'matter.colour']);
    expect(seenB.find((e) => e.type === 'matter.colour')?.data).toEqual({ matterId: 7, colour: 'red' });
    await stopA();
    await stopB();
    await rt.close();
  });
});
