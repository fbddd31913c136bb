/**
 * Text Baoxue writes itself (a risk reason, a task's title, a step's label, an error) is stored and
 * passed around as a message key with its parameters, never as words: each person reads it in the
 * language of their browser (tx() in lib/i18n.ts renders it). A parameter is data (a name, a class, a
 * date, a number) or a smaller coded phrase ("1 天半" / "1½ days"), one level deep so the stored shape
 * stays a plain JSON schema (lib/coded.ts validates it where it is stored).
 *
 * Kept free of zod, so the content script can say things without carrying the validators.
 */
import type messages from '../public/_locales/zh_CN/messages.json';

// The same keys lib/i18n.ts renders, named from the locale file itself so lib/i18n (which renders
// coded text) and this file do not import each other.
type MessageKey = keyof typeof messages;

/** A phrase inside a text: a key and plain values. */
export type Phrase = { code: string; params: (string | number)[] };
/** A coded text: a key and its parameters, each a value or a phrase. */
export type Coded = { code: string; params: (string | number | Phrase)[] };
/** What a stored text field holds: a coded text, or (records from before codes) the words as they were. */
export type StoredText = string | Coded;

/** A coded text (or phrase) with its parameters; the key is checked against the locale files here. */
export function say(code: MessageKey, ...params: (string | number)[]): Phrase;
export function say(code: MessageKey, ...params: (string | number | Phrase)[]): Coded;
export function say(code: MessageKey, ...params: (string | number | Phrase)[]): Coded {
  return { code, params };
}

/**
 * Renders a stored text with a message lookup (the browser's t(), or a locale file in tests): parameters
 * that are phrases are rendered first; a plain string (an old record) is shown as it is.
 */
export function renderText(
  text: StoredText,
  lookup: (key: MessageKey, params: (string | number)[]) => string,
): string {
  if (typeof text === 'string') return text;
  const params = text.params.map((p) => (typeof p === 'object' ? lookup(p.code as MessageKey, p.params) : p));
  return lookup(text.code as MessageKey, params);
}

/**
 * An error whose message is a coded text, shown in the reader's language by errorText (lib/errors.ts).
 * `fallback` is the message where no locale is at hand (the server, a log).
 */
export class CodedError extends Error {
  constructor(
    readonly text: Coded,
    fallback?: string,
  ) {
    super(
      fallback ?? `${text.code}(${text.params.map((p) => (typeof p === 'object' ? p.code : p)).join(', ')})`,
    );
    this.name = 'CodedError';
  }
}
