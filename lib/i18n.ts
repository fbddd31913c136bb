/**
 * UI strings come from _locales (zh_CN default, en) through the browser's i18n API; components never
 * build text themselves. `t` falls back to the key so a missing message shows up plainly in review.
 */
import type messages from '../public/_locales/zh_CN/messages.json';
import { renderText, type StoredText } from './say';

export type MessageKey = keyof typeof messages;

export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const text = browser.i18n.getMessage(
    key,
    substitutions.map((s) => String(s)),
  );
  return text || key;
}

/** A coded text (lib/coded.ts) in the reader's language; an old record's words shown as they are. */
export function tx(text: StoredText): string {
  return renderText(text, (key, params) => t(key, ...params));
}
