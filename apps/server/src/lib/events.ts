import { EventEmitter } from 'node:events';

/** Something that happened, pushed live to browsers of the same tenant (SSE). */
export type LiveEvent = {
  tenantId: number;
  type: string; // 'matter.colour', 'matter.report', 'inbox.new' …
  // Recipients: null for everyone in the tenant who may see it; else these account ids.
  accountIds: number[] | null;
  data: Record<string, unknown>;
};

/**
 * In-process fan-out of live events, published only after the transaction that caused them
 * committed. With PostgreSQL and several instances, a LISTEN/NOTIFY bridge feeds every instance's bus.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
