/**
 * For tests: coded texts rendered from the locale files as the browser renders them (chrome.i18n's
 * positional $1…$9, named placeholders, `$$` for a dollar sign), so a test reads the words a person sees.
 */
import en from '../public/_locales/en/messages.json';
import zhCN from '../public/_locales/zh_CN/messages.json';
import { renderText, type StoredText } from './coded';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

function lookup(messages: Messages) {
  return (key: string, params: (string | number)[]): string => {
    const entry = messages[key];
    if (!entry) return key; // as t() does: a missing message shows its key
    const positional = (text: string) =>
      text.replace(/\$(\d)/g, (_, n: string) => String(params[Number(n) - 1] ?? ''));
    return entry.message
      .replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
        const p = entry.placeholders?.[name.toLowerCase()] ?? entry.placeholders?.[name];
        return p ? positional(p.content) : '';
      })
      .replace(/\$\$|\$(\d)/g, (_m, n?: string) => (n ? String(params[Number(n) - 1] ?? '') : '$'));
  };
}

const zhLookup = lookup(zhCN as Messages);
const enLookup = lookup(en as Messages);

/** A stored text as the Chinese UI shows it. */
export const zh = (text: StoredText) => renderText(text, zhLookup);
/** A stored text as the English UI shows it. */
export const english = (text: StoredText) => renderText(text, enLookup);
