import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EventBus } from './event-bus';

class ThingStored {
  constructor(readonly id: number) {}
}
class ThingRemoved {
  constructor(readonly id: number) {}
}
class ThingStoring {
  constructor(
    readonly id: number,
    readonly log: string[],
  ) {}
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('EventBus', () => {
  let bus: EventBus;
  beforeEach(() => {
    bus = new EventBus(new EventEmitter2());
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('hands each listener the instances of the class it named, and only those', async () => {
    const stored: number[] = [];
    const removed: number[] = [];
    bus.on(ThingStored, (event) => void stored.push(event.id));
    bus.on(ThingRemoved, (event) => void removed.push(event.id));
    await bus.emit(new ThingStored(1));
    await bus.emit(new ThingRemoved(2));
    await bus.emit(new ThingStored(3));
    expect(stored).toEqual([1, 3]);
    expect(removed).toEqual([2]);
    expect(bus.listenerCount(ThingStored)).toBe(1);
  });

  it('emit waits for async listeners before it resolves', async () => {
    const done: string[] = [];
    bus.on(ThingStored, async () => {
      await tick();
      done.push('slow');
    });
    bus.on(ThingStored, () => void done.push('fast'));
    await bus.emit(new ThingStored(1));
    expect(done.sort()).toEqual(['fast', 'slow']);
  });

  it('a failing listener after commit neither fails the emitter nor stops the other listeners; it is logged', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const heard: string[] = [];
    bus.on(ThingStored, () => {
      throw new Error('sync failure');
    });
    bus.on(ThingStored, async () => {
      await tick();
      throw new Error('async failure');
    });
    bus.on(ThingStored, async () => {
      await tick();
      heard.push('third');
    });
    await expect(bus.emit(new ThingStored(1))).resolves.toBeUndefined();
    expect(heard).toEqual(['third']);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls.map((c) => String(c[0])).sort()).toEqual(['a listener of ThingStored failed: async failure', 'a listener of ThingStored failed: sync failure']);
  });

  it('emitRequired runs the listeners in turn, awaited, and the first failure fails the emitter and stops the rest', async () => {
    bus.on(ThingStoring, async (event) => {
      await tick();
      event.log.push(`first ${event.id}`);
    });
    bus.on(ThingStoring, (event) => {
      event.log.push(`second ${event.id}`);
    });
    const log: string[] = [];
    await bus.emitRequired(new ThingStoring(1, log));
    expect(log).toEqual(['first 1', 'second 1']);

    const failing = new EventBus(new EventEmitter2());
    const after: string[] = [];
    failing.on(ThingStoring, () => Promise.reject(new Error('constraint failed')));
    failing.on(ThingStoring, () => void after.push('ran'));
    await expect(failing.emitRequired(new ThingStoring(2, []))).rejects.toThrow('constraint failed');
    expect(after).toEqual([]);
  });

  it('emitting with no listener is a no-op; an unsubscribed listener hears nothing more', async () => {
    await expect(bus.emit(new ThingRemoved(1))).resolves.toBeUndefined();
    await expect(bus.emitRequired(new ThingStoring(1, []))).resolves.toBeUndefined();
    const heard: number[] = [];
    const off = bus.on(ThingStored, (event) => void heard.push(event.id));
    await bus.emit(new ThingStored(1));
    off();
    await bus.emit(new ThingStored(2));
    expect(heard).toEqual([1]);
    expect(bus.listenerCount(ThingStored)).toBe(0);
  });

  it('refuses plain objects and two event classes of one name', async () => {
    await expect(bus.emit({ id: 1 })).rejects.toThrow(/instance of an event class/);
    bus.on(ThingStored, () => undefined);
    const Impostor = class ThingStored {};
    expect(() => bus.on(Impostor, () => undefined)).toThrow(/two event classes are named ThingStored/);
  });
});
