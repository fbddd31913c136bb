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

export function SyncDot() {
  const [status, setStatus] = useState<SyncStatus>();
  useEffect(() => {
    const load = () =>
      request('sync/status', {})
        .then(setStatus)
        .catch(() => setStatus(undefined));
    void load();
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, []);
  if (!status) return null;
  const text = syncText(status);
  return <span class="sync-dot" data-baoxue-sync={status.state} title={text} aria-label={text} role="img" />;
}
