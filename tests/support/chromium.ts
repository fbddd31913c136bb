/** Debian's Chromium driven by Playwright, with or without the built extension. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_EXTENSION = resolve('.output/chrome-mv3-demo');

const QUIET = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export interface Profile {
  context: BrowserContext;
  dir: string;
  extensionId?: string;
  close(): Promise<void>;
}

/** A persistent profile (its own IndexedDB); reopen the same `dir` to simulate a browser restart. */
export async function launchProfile(
  opts: { extension?: string | false; dir?: string; headless?: boolean; lang?: 'zh-CN' | 'en-US' } = {},
): Promise<Profile> {
  // The extension's UI language follows the browser's: zh-CN unless a test asks for English.
  const lang = opts.lang ?? 'zh-CN';
  const posix = lang.replace('-', '_');
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'baoxue-profile-')));
  const ext = opts.extension === false ? undefined : (opts.extension ?? DEMO_EXTENSION);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    locale: lang,
    env: { ...process.env, LANGUAGE: `${posix}:${lang.slice(0, 2)}`, LANG: `${posix}.UTF-8` },
    args: [
      ...QUIET,
      `--lang=${lang}`,
      ...(ext ? [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`] : []),
    ],
  });
  let extensionId: string | undefined;
  if (ext) {
    const worker =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    extensionId = new URL(worker.url()).host;
  }
  return {
    context,
    dir,
    extensionId,
    close: async () => {
      await context.close();
      if (!opts.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Stops the extension's service worker as the browser does after ~30 s without an event (closing the
 * worker's target, as Chrome's docs test it), and waits until the browser lists it no more. The next
 * message starts it again, with empty memory.
 */
export async function stopExtensionWorker(profile: Profile, page: Page): Promise<void> {
  const cdp = await profile.context.newCDPSession(page);
  const workers = async () =>
    (
      (await cdp.send('Target.getTargets')) as {
        targetInfos: { targetId: string; type: string; url: string }[];
      }
    ).targetInfos.filter(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${profile.extensionId}/`),
    );
  const [worker] = await workers();
  if (!worker) throw new Error('no extension service worker to stop');
  await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  // A test that stops the worker must not pass with it still running.
  for (let i = 0; (await workers()).length > 0; i++) {
    if (i > 50) throw new Error('the extension service worker did not stop');
    await new Promise((r) => setTimeout(r, 100));
  }
  await cdp.detach();
}
