import type { AppEvent, AppEventListener, Unsubscribe } from '../../shared/ipc/events.js';
import { createLogger } from '../log.js';

const log = createLogger('events');

/** Fans main's events out to every subscriber (each window, the taskbar, tests); a throwing listener is isolated. */
export class EventHub {
  private readonly listeners = new Set<AppEventListener>();

  subscribe(listener: AppEventListener): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        log.error(`A ${event.kind} listener failed`, e);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
