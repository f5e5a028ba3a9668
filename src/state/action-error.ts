/**
 * An error meant for the user: it carries a message key, so AppState.attempt shows it in the
 * current language instead of a developer's English message.
 */
import type { MessageKey } from '../i18n';

export class ActionError extends Error {
  readonly key: MessageKey;
  readonly params: Record<string, string | number>;

  constructor(key: MessageKey, params: Record<string, string | number> = {}) {
    super(key);
    this.name = 'ActionError';
    this.key = key;
    this.params = params;
  }
}
