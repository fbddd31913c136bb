/**
 * Hosts a user added in the options page: kept in storage.local, granted as optional host permissions,
 * and given the content script through a dynamic registration that survives browser restarts.
 */
import { KNOWN_MATCHES } from './hosts';

const KEY = 'userHosts';
const SCRIPT_ID = 'baoxue-user-hosts';
const MAIN_SCRIPT_ID = 'baoxue-user-hosts-main';

export async function getUserHosts(): Promise<string[]> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  return Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : [];
}

export async function setUserHosts(patterns: string[]): Promise<void> {
  await browser.storage.local.set({
    [KEY]: [...new Set(patterns)].filter((p) => !KNOWN_MATCHES.includes(p)),
  });
}

/** Registers the content script on every added host that is still granted; returns those patterns. */
export async function syncHostScripts(): Promise<string[]> {
  const granted: string[] = [];
  for (const origin of await getUserHosts()) {
    if (await browser.permissions.contains({ origins: [origin] })) granted.push(origin);
  }
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID, MAIN_SCRIPT_ID] });
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
  if (granted.length) {
    await browser.scripting.registerContentScripts([
      {
        id: SCRIPT_ID,
        matches: granted,
        js: ['content-scripts/content.js'],
        allFrames: true,
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
      {
        id: MAIN_SCRIPT_ID,
        matches: granted,
        js: ['content-scripts/ajax-observer.js'],
        allFrames: true,
        runAt: 'document_start',
        world: 'MAIN',
        persistAcrossSessions: true,
      },
    ]);
  }
  return granted;
}
