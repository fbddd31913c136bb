/**
 * Text Baoxue writes itself (a risk reason, a task's title, a step's label, an error) is stored and
 * passed around as a message key with its parameters, never as words: each person reads it in the
 * language of their browser (t() in lib/i18n.ts renders it). A parameter is data (a name, a class, a date,
 * a number) or a smaller coded phrase ("1 天半" / "1½ days"), one level deep so the stored shape stays a
 * plain JSON schema.
 *
 * Records stored before codes hold the Chinese words themselves: `StoredText` still accepts a string, and
 * rendering shows it as it is (a fallback; the next recompute replaces it with a code).
 */
import type { MessageKey } from './i18n';
import { z } from './zod';

const key = z.string().min(1).max(64);
const value = z.union([z.string().max(2000), z.number()]);

/** A phrase inside a text: a key and plain values. */
export const Phrase = z.object({ code: key, params: z.array(value).max(9) });
export type Phrase = z.infer<typeof Phrase>;

/** A coded text: a key and its parameters, each a value or a phrase. */
export const Coded = z.object({ code: key, params: z.array(z.union([value, Phrase])).max(9) });
export type Coded = z.infer<typeof Coded>;

/** What a stored text field holds: a coded text, or (records from before codes) the words as they were. */
export const StoredText = z.union([z.string().max(2000), Coded]);
export type StoredText = z.infer<typeof StoredText>;

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

/** An error whose message is a coded text: shown in the reader's language by errorText (lib/errors.ts). */
export class CodedError extends Error {
  constructor(
    readonly text: Coded,
    fallback?: string,
  ) {
    super(fallback ?? text.code);
    this.name = 'CodedError';
  }
}
