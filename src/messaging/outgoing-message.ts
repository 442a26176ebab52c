/**
 * The one shape of a message Nazr sends, whatever the way out: straight to one chat (`send-now.ts`) or through the
 * persistent outbox (`send-through-outbox.ts`). Services build it already rendered in the recipient's own locale;
 * only `reply-markup.ts` turns it into what a platform takes.
 */
/** An inline button whose `data` comes back as callback data to a bot feature. */
export interface CallbackButton {
  text: string;
  data: string;
}

export interface OutgoingMessage {
  text: string;
  /** Rows of inline buttons. */
  buttons?: CallbackButton[][];
  /** Delivered without a sound (routine news). */
  silent?: boolean;
  /**
   * A map pin: the message goes out as the platform's location message, and `text` (the coordinates in words) only
   * when the platform refuses pins (`send-outgoing.ts`), straight to one chat or through the outbox.
   */
  location?: MapPoint;
}

export interface MapPoint {
  latitude: number;
  longitude: number;
}
