/** A small dot in the host page's status strip: is this device's work on the school's server? */
import { useEffect, useState } from 'preact/hooks';
import { syncText } from '@/components/sync/syncText';
import { request } from '@/lib/messaging-client';
import type { SyncStatus } from '@/lib/sync/status';

export const SYNC_DOT_CSS = `
.sync-dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin: 0 6px; background: #bbb; }
.sync-dot[data-baoxue-sync="ok"] { background: #2e7d32; }
.sync-dot[data-baoxue-sync="syncing"] { background: #f9a825; }
.sync-dot[data-baoxue-sync="error"] { background: #c62828; }
`;

const SYNCING_RECHECK_MS = 2_000;
const SETTLED_RECHECK_MS = 60_000;

export function SyncDot() {
  const [status, setStatus] = useState<SyncStatus>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    // 'syncing' lasts seconds (a live sync passes often): asked again soon, so a pass that has finished does
    // not show as still running for a minute. Settled states are asked again every minute.
    const load = async () => {
      const next = await request('sync/status', {}).catch(() => undefined);
      if (stopped) return;
      setStatus(next);
      timer = setTimeout(load, next?.state === 'syncing' ? SYNCING_RECHECK_MS : SETTLED_RECHECK_MS);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  if (!status) return null;
  const text = syncText(status);
  return <span class="sync-dot" data-baoxue-sync={status.state} title={text} aria-label={text} role="img" />;
}
