/** Who sent a call, as far as the transport can tell. */
export interface Sender {
  readonly transport: 'electron' | 'websocket';
  /** URL of the frame that sent it; `null` when the frame is gone (navigated away, destroyed). */
  readonly frameUrl: string | null;
  /** The top-level frame of the window, not an iframe inside it. */
  readonly isMainFrame: boolean;
}
