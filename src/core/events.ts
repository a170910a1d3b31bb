/**
 * Typed events that libraries emit instead of printing. The CLI renders them (progress bars,
 * warnings on stderr); the admission server turns them into logs.
 */
export type SigilEvent =
  | { readonly kind: 'warning'; readonly code: string; readonly message: string }
  | {
      readonly kind: 'progress';
      readonly task: string;
      readonly id: string;
      readonly done: number;
      readonly total: number | undefined;
    }
  | { readonly kind: 'info'; readonly message: string };

export type EventSink = (event: SigilEvent) => void;

/** A sink that drops everything: the default for library callers that do not listen. */
export const noEvents: EventSink = () => {};
