import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

/** An event class: listeners name the class, never a string (so a typo does not compile). */
export type EventType<E extends object> = new (...args: never[]) => E;

export type EventHandler<E extends object> = (event: E) => void | Promise<void>;

/** How an emit treats a listener that throws (passed to the emitter's listeners beside the event). */
type Failures = 'isolate' | 'propagate';

/**
 * The application's one event bus: a thin typed layer over @nestjs/event-emitter's EventEmitter2.
 * Modules publish event classes of their own (`<module>.events.ts`); a consumer subscribes with
 * `bus.on(EventClass, handler)`, so the producing module never knows who listens.
 *
 * Two ways to emit, chosen by the producer for what the listeners' work means to it:
 * - `emit`: a notice after the fact (after commit). Awaited (emitAsync: the listeners run side by
 *   side and the emit resolves once each has finished, so e.g. an alert's deliveries are recorded
 *   before the request that raised it answers); a listener that throws is logged and never fails
 *   the producer.
 * - `emitRequired`: the listeners' work is part of the producer's (e.g. inside its transaction,
 *   with the EntityManager in the event): they run one after another, awaited, and the first that
 *   throws fails the emit (and so the transaction) and stops the rest.
 *
 * Subscribe in `onModuleInit` (as the listener arrays were): every subscription is in place
 * before any `onApplicationBootstrap` starts work that may emit. The bus is per process: in queue
 * mode an event is heard by the process that emitted it.
 */
@Injectable()
export class EventBus {
  private readonly logger = new Logger('EventBus');
  /** Event name → its class: two classes of one name would share listeners, so that is refused. */
  private readonly types = new Map<string, EventType<object>>();

  constructor(private readonly emitter: EventEmitter2) {}

  /** Subscribes to one event class; returns the unsubscribe function. */
  on<E extends object>(type: EventType<E>, handler: EventHandler<E>): () => void {
    const name = this.nameOf(type);
    const listener = async (event: E, failures: Failures): Promise<void> => {
      try {
        await handler(event);
      } catch (error) {
        if (failures === 'propagate') throw error;
        this.logger.warn(`a listener of ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    this.emitter.on(name, listener);
    return () => void this.emitter.off(name, listener);
  }

  /** Tells every listener and waits for them; a listener's failure is logged, never thrown. */
  async emit(event: object): Promise<void> {
    await this.emitter.emitAsync(this.nameOf(this.typeOf(event)), event, 'isolate' satisfies Failures);
  }

  /** Runs every listener in turn, awaited; the first failure is thrown to the producer (the rest do not run). */
  async emitRequired(event: object): Promise<void> {
    for (const listener of this.emitter.listeners(this.nameOf(this.typeOf(event)))) await listener(event, 'propagate' satisfies Failures);
  }

  /** Number of subscriptions to an event class (tests). */
  listenerCount(type: EventType<object>): number {
    return this.emitter.listenerCount(this.nameOf(type));
  }

  private typeOf(event: object): EventType<object> {
    const type = event.constructor as EventType<object>;
    if (type === Object) throw new TypeError('EventBus: emit an instance of an event class, not a plain object');
    return type;
  }

  private nameOf(type: EventType<object>): string {
    const known = this.types.get(type.name);
    if (!known) this.types.set(type.name, type);
    else if (known !== type) throw new Error(`EventBus: two event classes are named ${type.name}; give one another name`);
    return type.name;
  }
}
