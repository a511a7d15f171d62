import type { Translator } from './i18n.js';

/**
 * A channel code as the helpdesk stores it (Zendesk `via.channel`, Freshdesk's mapped `source`)
 * in the user's language: "voice" reads "Telefono" in Italian. A code the app has no label for
 * (a new Zendesk channel, Freshdesk's `source_<n>`) shows as itself rather than as a key.
 */
export function channelLabel(t: Translator, code: string): string {
  const key = `ui.channel.${code}`;
  const text = t(key);
  return text === key ? code : text;
}
