import type { FieldKey } from '@/lib/capture/fields';
import {
  forgetTab,
  frameKey,
  keepAcrossRestarts,
  loadFrameGrids,
  reportOf,
  takeResponse,
} from '@/lib/capture/frame-grids';
import { readersFor, rememberUnread, whenCaptureOn } from '@/lib/capture/page-readers';
import { READER_KEYS, READERS_CHANGED } from '@/lib/capture/reading';
import { runCommand } from '@/lib/commands/run';
import { getDatabase } from '@/lib/db/database';
import { startDeriving } from '@/lib/derive/engine';
import { acceptWakes } from '@/lib/derive/wake';
import { syncHostScripts } from '@/lib/host-scripts';
import { hostnameOf, listen, type Sender } from '@/lib/messaging';
import { caseChecklist } from '@/lib/paperwork/store';
import { readAndSave, saveNewestJson } from '@/lib/roll/capture-read';
import { knownFlags, markRoll, recordWithChanges, saveCapture } from '@/lib/roll/save';
import { CodedError, say } from '@/lib/say';
import { readAccount, readAccountSetting } from '@/lib/sync/account';
import { publishTaughtPages } from '@/lib/sync/readers';
import { syncOnce } from '@/lib/sync/replicate';
import { OFF, readStatus } from '@/lib/sync/status';

const REFRESH_ALARM = 'refresh-derived';
const SYNC_ALARM = 'sync';

async function periodicSync() {
  // Chrome's worker sees open extension pages as clients; Firefox's event page sees them as views.
  type Clients = { matchAll(o: object): Promise<{ url: string }[]> };
  const clients = (self as unknown as { clients?: Clients }).clients;
  const urls = clients
    ? (await clients.matchAll({ type: 'window', includeUncontrolled: true })).map((p) => p.url)
    : (
        (browser.extension.getViews?.({ type: 'tab' }) ?? []) as unknown as { location: { href: string } }[]
      ).map((v) => v.location.href);
  if (urls.some((u) => u.includes('/dashboard.html'))) return;
  const db = await getDatabase();
  const account = await readAccount(db);
  if (account) await syncOnce(db, account);
}

/** The sending frame's document (a content script cannot name another frame's). */
function frameOf(sender: Sender): string {
  const key = frameKey(sender);
  if (!key) throw new CodedError(say('msg_refused_here', 'capture/json'));
  return key;
}

// The worker owns writes from content scripts; it may be stopped at any time, so the database is opened
// lazily on the next message and every handler awaits it.
export default defineBackground(() => {
  // The grid JSON kept per frame outlives the worker being stopped (in memory only, never on disk).
  const session = browser.storage.session;
  keepAcrossRestarts(
    session && {
      get: async (key) => (await session.get(key))[key],
      set: (key, value) => session.set({ [key]: value }),
      remove: (keys) => session.remove(keys),
    },
  );
  listen({
    // A capture or roll names its sender's host (lib/messaging.ts checks it); the admin's "capture off" for
    // that host holds here, whatever the overlay did.
    'capture/save': async (input, sender) =>
      whenCaptureOn(hostnameOf(sender.url) ?? '', async () => saveCapture(await getDatabase(), input)),
    // The host grid's own JSON is kept here per frame, and a grid's cells are made into records here: the
    // page's heap carries neither (lib/capture/frame-grids.ts).
    'capture/json': async ({ url, text, columns }, sender) =>
      takeResponse(frameOf(sender), sender.tab?.id, { url, text }, columns),
    'capture/read': async (input, sender) =>
      readAndSave(
        await getDatabase(),
        { ...input, fields: input.fields as FieldKey[] },
        await loadFrameGrids(frameOf(sender)),
        (work) => whenCaptureOn(hostnameOf(sender.url) ?? '', work),
      ),
    'capture/json-read': async (input, sender) =>
      saveNewestJson(await getDatabase(), input, await loadFrameGrids(frameOf(sender)), (work) =>
        whenCaptureOn(hostnameOf(sender.url) ?? '', work),
      ),
    'capture/json-report': async (_, sender) => reportOf(await loadFrameGrids(frameOf(sender))),
    'capture/known': async ({ ids }) => knownFlags(await getDatabase(), ids),
    'capture/record': async ({ id, family }) => recordWithChanges(await getDatabase(), id, family),
    'capture/roll': async ({ host, ids, seenAt }, sender) =>
      whenCaptureOn(hostnameOf(sender.url) ?? '', async () =>
        markRoll(await getDatabase(), host, ids, seenAt),
      ),
    'paperwork/checklist': async ({ caseId }) => caseChecklist(await getDatabase(), caseId),
    // Every write: a named command, its author stamped here from the account or the device's user.
    command: async ({ name, input }) => {
      const db = await getDatabase();
      const result = await runCommand(db, name, input);
      // A page taught on this device is read so at once in its other pages too (told so below).
      // A whole imported file is one write and one publish.
      if (name === 'page/teach' || name === 'pages/teach') await publishTaughtPages(db).catch(() => {});
      return result;
    },
    'paperwork/print': async ({ caseId }) => {
      await browser.tabs.create({
        url: browser.runtime.getURL(`/print.html?case=${encodeURIComponent(caseId)}`),
      });
      return { opened: true };
    },
    'hosts/sync': async () => ({ registered: await syncHostScripts() }),
    'sync/status': async () => {
      const db = await getDatabase();
      return (await readAccountSetting(db)) ? readStatus(db) : { ...OFF, at: Date.now() };
    },
    // What a page is read by, for the host the asking content script runs on (its sender URL), never another's.
    'readers/page': async (_, sender) => readersFor(hostnameOf(sender.url) ?? ''),
    'readers/unread': async (page, sender) => rememberUnread({ ...page, host: hostnameOf(sender.url) ?? '' }),
  });
  // storage.local (reader definitions, taught pages, the account) is the worker's and the extension
  // pages': a content script, which runs in pages Baoxue does not control, can neither read nor write it
  // (Chromium; Firefox has no such setting). The content scripts are told when what they read by changed.
  void browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => {});
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !READER_KEYS.some((k) => k in changes)) return;
    void browser.tabs.query({}).then((tabs) => {
      for (const tab of tabs)
        if (tab.id !== undefined)
          browser.tabs.sendMessage(tab.id, { [READERS_CHANGED]: true }).catch(() => {}); // no Baoxue there
    });
  });
  // The derive engine: 待办, the 风险名单 and paperwork state follow every change to the records, whoever
  // wrote it (a command here, a capture, a replication pull in a page), caught up on start.
  const deriving = getDatabase().then((db) => startDeriving(db));
  deriving.catch((e) => console.error('derive engine failed to start', e));
  acceptWakes(browser.runtime, () => void deriving.then((d) => d.kick()));
  browser.runtime.onInstalled.addListener(() => void syncHostScripts());
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId).catch(() => {}));
  // 待办 and the 风险名单 stay current (a new school day moves every streak) with no page open.
  // Created once: the worker starts often, and creating an alarm again would restart its period.
  const ensureAlarm = async (name: string, periodInMinutes: number) => {
    if (!(await browser.alarms.get(name)))
      await browser.alarms.create(name, { periodInMinutes, delayInMinutes: 1 });
  };
  void ensureAlarm(REFRESH_ALARM, 30);
  // Periodic sync when no extension page is open (an open dashboard runs live replication itself).
  void ensureAlarm(SYNC_ALARM, 5);
  browser.alarms.onAlarm.addListener((alarm) => {
    // A new school day moves every streak and deadline: the pass sees the new day and recomputes all.
    if (alarm.name === REFRESH_ALARM) void deriving.then((d) => d.kick());
    if (alarm.name === SYNC_ALARM)
      void periodicSync().catch((e) => console.error('background sync failed', e));
  });
  browser.action.onClicked.addListener(() => {
    void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') });
  });
});
