/**
 * The stored shape of coded text (lib/say.ts): zod types for the records that hold it (risk reasons,
 * task titles). Records stored before codes hold the Chinese words themselves: `StoredText` still
 * accepts a string, and rendering shows it as it is (a fallback; the next recompute replaces it).
 */

import type { Coded as CodedText, Phrase as PhraseText, StoredText as Stored } from './say';
import { z } from './zod';

export { CodedError, renderText, say } from './say';
export type Phrase = PhraseText;
export type Coded = CodedText;
export type StoredText = Stored;

const key = z.string().min(1).max(64);
const value = z.union([z.string().max(2000), z.number()]);

/** A phrase inside a text: a key and plain values. */
export const Phrase = z.object({ code: key, params: z.array(value).max(9) });
/** A coded text: a key and its parameters, each a value or a phrase. */
export const Coded = z.object({ code: key, params: z.array(z.union([value, Phrase])).max(9) });
/** A stored text field: a coded text, or the words a record from before codes holds. */
export const StoredText = z.union([z.string().max(2000), Coded]);
