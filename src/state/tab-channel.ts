/**
 * Messages between the app's tabs (and its workers) about stored data, so that two tabs on the
 * same project show the same state. In the browser a BroadcastChannel; the store's revision
 * check (store/project-meta.ts) makes sure a message that arrives late costs a reload, never a
 * lost update.
 */

export type TabMessage =
  /** A project's data were written; `revision` is its stored revision now. */
  | { kind: 'project-written'; projectId: string; revision: number }
  /** Projects were created, deleted, replaced or imported. */
  | { kind: 'projects-changed' };

export interface TabChannel {
  post(message: TabMessage): void;
  /** Calls `handler` for messages from other tabs; returns the function that stops listening. */
  listen(handler: (message: TabMessage) => void): () => void;
  close(): void;
}

export const TAB_CHANNEL_NAME = 'sozialraum-atlas';

/** A message as it arrives (any page of the origin may post on the channel): checked, or null. */
export function parseTabMessage(data: unknown): TabMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const message = data as Record<string, unknown>;
  if (message['kind'] === 'projects-changed') return { kind: 'projects-changed' };
  if (message['kind'] === 'project-written' && typeof message['projectId'] === 'string' && Number.isSafeInteger(message['revision'])) {
    return { kind: 'project-written', projectId: message['projectId'], revision: message['revision'] as number };
  }
  return null;
}

/** The channel over BroadcastChannel (browsers, workers and Node have it); null where it is missing. */
export function broadcastTabChannel(name = TAB_CHANNEL_NAME): TabChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    listen: (handler) => {
      const listener = (event: MessageEvent) => {
        const message = parseTabMessage(event.data);
        if (message) handler(message);
      };
      channel.addEventListener('message', listener);
      return () => channel.removeEventListener('message', listener);
    },
    close: () => channel.close(),
  };
}
