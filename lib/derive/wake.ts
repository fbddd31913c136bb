/**
 * Waking the worker that owns the derive engine. An MV3 worker stops after ~30 s idle; a dashboard page
 * that writes or pulls records while it sleeps pings it over a port, which starts it (its start-up pass
 * catches up from the change feed) and keeps it listening while changes keep coming.
 */
import { debounceTime, distinctUntilChanged, map, merge, skip } from 'rxjs';
import type { BaoxueDatabase } from '../db/types';
import { settings$ } from '../settings/store';

export const DERIVE_PORT = 'derive';

interface Port {
  name: string;
  sender?: { id?: string; url?: string; tab?: unknown };
  postMessage(m: unknown): void;
  disconnect(): void;
  onMessage: { addListener(f: (m: unknown) => void): void };
  onDisconnect: { addListener(f: () => void): void };
}
interface Runtime {
  id: string;
  getURL(path: string): string;
  connect(info: { name: string }): Port;
  onConnect: { addListener(f: (port: Port) => void): void };
}

/** Page side: ping the worker now and after every burst of record or settings changes, until the page closes. */
export function keepDeriving(db: BaoxueDatabase, runtime: Runtime): () => void {
  let port: Port | undefined;
  const ping = () => {
    try {
      if (!port) {
        const p = runtime.connect({ name: DERIVE_PORT });
        p.onDisconnect.addListener(() => {
          if (port === p) port = undefined; // the worker stopped: the next ping starts it again
        });
        port = p;
      }
      port.postMessage({});
    } catch {
      port = undefined;
    }
  };
  ping();
  const settingsChanged = settings$(db).pipe(
    map((x) => JSON.stringify(x)),
    distinctUntilChanged(),
    skip(1),
  );
  const sub = merge(db.events.$, db.students.$, db.cases.$, settingsChanged)
    .pipe(debounceTime(100))
    .subscribe(ping);
  return () => {
    sub.unsubscribe();
    port?.disconnect();
  };
}

/** Worker side: a ping from one of this extension's own pages asks for a pass; anyone else is refused. */
export function acceptWakes(runtime: Runtime, kick: () => void): void {
  const pages = runtime.getURL('/');
  runtime.onConnect.addListener((port) => {
    if (port.name !== DERIVE_PORT) return;
    const s = port.sender;
    if (s?.id !== runtime.id || s.tab || !(s.url ?? '').startsWith(pages)) return port.disconnect();
    port.onMessage.addListener(() => kick());
    kick();
  });
}
