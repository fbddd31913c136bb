/**
 * The one place labels are made comparable. The 学籍系统 and the documents a school types write the same
 * label with full-width or half-width punctuation, letters and digits, and with stray spaces
 * (`转学（转出）` / `转学(转出)`, `出国（境）学习`, `初 三`). Every label Baoxue matches — change types, column
 * headers, grades, statuses — goes through `labelKey` on both sides, so a difference of form never reads as
 * a different label.
 */

/** Full-width forms → half-width (NFKC), every kind of space removed, Latin letters lower-cased. */
export function labelKey(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFKC')
    .replace(/[\s\u200b\u3000]+/g, '')
    .toLowerCase();
}

/** Whether two labels are the same once their form is set aside. */
export const sameLabel = (a: string | null | undefined, b: string | null | undefined) =>
  labelKey(a) === labelKey(b);
