/**
 * UI strings come from _locales (zh_CN default, en) through the browser's i18n API; components never
 * build text themselves. `t` falls back to the key so a missing message shows up plainly in review.
 */
import type messages from '../public/_locales/zh_CN/messages.json';

export type MessageKey = keyof typeof messages;

export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const text = browser.i18n.getMessage(
    key,
    substitutions.map((s) => String(s)),
  );
  return text || key;
}
