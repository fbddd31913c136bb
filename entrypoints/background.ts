import { knownFlags, markRoll, recordWithChanges, saveCapture } from '@/lib/capture/save';
import { getDatabase } from '@/lib/db/database';
import { syncHostScripts } from '@/lib/host-scripts';
import { listen } from '@/lib/messaging';

// The worker owns writes from content scripts; it may be stopped at any time, so the database is opened
// lazily on the next message and every handler awaits it.
export default defineBackground(() => {
  listen({
    'capture/save': async (input) => saveCapture(await getDatabase(), input),
    'capture/known': async ({ ids }) => ({ flags: await knownFlags(await getDatabase(), ids) }),
    'capture/record': async ({ id, family }) => recordWithChanges(await getDatabase(), id, family),
    'capture/roll': async ({ host, ids, seenAt }) => markRoll(await getDatabase(), host, ids, seenAt),
    'hosts/sync': async () => ({ registered: await syncHostScripts() }),
  });
  browser.runtime.onInstalled.addListener(() => void syncHostScripts());
  browser.action.onClicked.addListener(() => {
    void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') });
  });
});
