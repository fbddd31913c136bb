/**
 * What a person sees on a page, and the words in it only a developer should see (issue 15 finding 4): a
 * file of notes, a section sign, a schema path, a command to run, a role code, a record field key. Shared
 * by screens.spec.ts (every screen and print) and walk.spec.ts (every tab on an empty and a full profile).
 */
import type { Page } from '@playwright/test';

/** Words only a developer should see: a file of notes, a section sign, a schema path, a command to run. */
const DEVELOPER = [/domain\.md/, /§/, /\b\w+\[\d+\](\.\w+)+/, /server:setup/, /\binferred\b/];
/** Role codes and record field keys: in the Chinese UI these are leaks, never words. */
const CODES = [
  /\b(registrar|teacher|leader|admin)\b/i,
  /\b(onRoll|className|studentId|caseId|ownerRole|changeType|reviewStatus|appliedDate|schoolName)\b/,
];

/** The text a person sees on a page: text nodes and the attributes read out (open shadow roots too). */
export async function seen(page: Page, selector = 'body'): Promise<string> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    const walk = (n: Node) => {
      if (n.nodeType === Node.TEXT_NODE) out.push(n.textContent ?? '');
      if (n instanceof Element) {
        if (n.tagName === 'STYLE' || n.tagName === 'SCRIPT') return;
        for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
          const v = n.getAttribute(a);
          if (v) out.push(v);
        }
        if (n.shadowRoot) walk(n.shadowRoot);
      }
      for (const c of Array.from(n.childNodes)) walk(c);
    };
    for (const root of Array.from(document.querySelectorAll(sel))) walk(root);
    return out.join('\n');
  }, selector);
}

/** What on `page` only a developer should see, each with its context; the demo school's data set aside. */
export async function leaks(page: Page, where: string, data: string[] = []): Promise<string[]> {
  let text = await seen(page);
  for (const v of data) text = text.split(v).join(' ');
  const found: string[] = [];
  for (const p of [...DEVELOPER, ...CODES]) {
    const m = text.match(p);
    if (m) {
      const at = m.index ?? 0;
      found.push(`${where}: ${m[0]} ⟨${text.slice(Math.max(0, at - 30), at + 30).replace(/\s+/g, ' ')}⟩`);
    }
  }
  return found;
}
