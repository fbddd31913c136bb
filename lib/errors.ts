import { tx } from './i18n';
import { CodedError } from './say';

/** What went wrong, in words a person can read (in their language when the error carries a code). */
export function errorText(e: unknown): string {
  if (e instanceof CodedError) return tx(e.text);
  return e instanceof Error ? e.message : String(e);
}
