import type { Alert } from './alert.entity';

/** An alert opened (told after it is stored; a failing listener never fails the work that raised it). Delivery to channels listens. */
export class AlertOpenedEvent {
  constructor(readonly alert: Alert) {}
}

/** An open alert was resolved (told like AlertOpenedEvent). Delivery to channels listens. */
export class AlertResolvedEvent {
  constructor(readonly alert: Alert) {}
}
