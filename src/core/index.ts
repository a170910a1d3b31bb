export { SigilError, isSigilError, errorMessage } from './errors.ts';
export { LIMITS } from './limits.ts';
export { noEvents } from './events.ts';
export type { SigilEvent, EventSink } from './events.ts';
export { systemClock } from './clock.ts';
export type { Clock } from './clock.ts';
