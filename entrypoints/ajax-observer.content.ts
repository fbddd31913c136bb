/**
 * Main-world observer: the host grid loads its rows by XHR/fetch (1.0: /command/ajax/…; a 2.0-style app:
 * any JSON from its own origin); this passes a copy of each response to Baoxue's content script
 * (window.postMessage, same origin), with the grid column models the page defines (header ↔ JSON field;
 * lib/capture/columns.ts), which only the main world can see. It also says when the page pushed a new
 * address (history.pushState fires no event), so a single-page app's new page is read without a load.
 * Read-only: requests, responses and history calls reach the page unchanged (the original is called
 * first, with the same arguments, and its result returned); page code is never called. No extension
 * APIs here: the main world is the page's own.
 */
import { findColumnModelsInSlices, type HostColumn } from '@/lib/capture/columns';
import { AJAX_MESSAGE, AJAX_PULL } from '@/lib/capture/json';
import { ROUTE_MESSAGE } from '@/lib/capture/route';
import { KNOWN_MATCHES } from '@/lib/hosts';

export default defineContentScript({
  matches: KNOWN_MATCHES,
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    const loushang = (url: string) => /\/command\/ajax\//.test(url);
    const sameOrigin = (url: string) => {
      try {
        return new URL(url, window.location.href).origin === window.location.origin;
      } catch {
        return false;
      }
    };
    // A 1.0 grid command, or JSON from the page's own origin (a 2.0-style API: /api/…, any path).
    const watched = (url: string, type: string | null) =>
      loushang(url) || (sameOrigin(url) && /\bjson\b/i.test(type ?? ''));
    // The column models are searched for once per grid, not per response: again only when the page may
    // have made a new grid (another address, new globals, another component), and in slices that give
    // the page its main thread back (a page's globals can hold thousands of objects).
    const win = window as unknown as Record<string, unknown>;
    let models: { key: string; columns: HostColumn[][] } | undefined;
    const gridKey = () => {
      let components = 0;
      try {
        const all = (win.L5 ?? win.Ext) as { ComponentMgr?: { all?: { items?: unknown[] } } } | undefined;
        components = all?.ComponentMgr?.all?.items?.length ?? 0;
      } catch {
        // not an Ext page
      }
      return `${location.pathname}${location.search}${location.hash}|${Object.keys(win).length}|${components}`;
    };
    // A MessageChannel task, not setTimeout(0): timers in a hidden frame or tab are throttled (down to once
    // a minute), which would hold every response back that long. The search itself stops after 200 ms of
    // work (findColumnModelsInSlices), so a frame is never held up for long.
    const Channel = MessageChannel; // taken at document_start, before a page script could replace it
    const pause = () =>
      new Promise<void>((resolve) => {
        const channel = new Channel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve();
        };
        channel.port2.postMessage(null);
      });
    const columnModels = async (): Promise<HostColumn[][]> => {
      try {
        const key = gridKey();
        if (models?.key !== key) models = { key, columns: await findColumnModelsInSlices(win, pause) };
        return models.columns;
      } catch {
        return []; // a page whose globals cannot be read still has its JSON read through the field table
      }
    };
    // Responses are held in the order they arrived, each once its models are known, and the content
    // script is told one came; it asks for them (AJAX_PULL) once it has read what the page drew, so a
    // copy of a megabyte of JSON does not land in its world while the page is still drawing its rows
    // (components/overlay/grid-json.ts). The newest few are held; an older one not asked for is dropped.
    const HOLD = 5;
    const held: { url: string; text: string; columns: HostColumn[][] }[] = [];
    let queue: Promise<void> = Promise.resolve();
    const post = (url: string, text: string) => {
      queue = queue
        .then(columnModels)
        .then((columns) => {
          held.push({ url, text, columns });
          if (held.length > HOLD) held.shift();
          window.postMessage({ [AJAX_MESSAGE]: true, url }, window.location.origin);
        })
        .catch(() => {});
    };
    // Any script of the page could ask too: it gets its own responses back, which it already has, and the
    // content script (listening on the same window) receives them as it would have.
    window.addEventListener('message', (e) => {
      if (e.source !== window || (e.data as Record<string, unknown> | null)?.[AJAX_PULL] !== true) return;
      for (const { url, text, columns } of held.splice(0))
        window.postMessage({ [AJAX_MESSAGE]: true, url, text, columns }, window.location.origin);
    });

    const urls = new WeakMap<XMLHttpRequest, string>();
    const { open, send } = XMLHttpRequest.prototype;
    XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      urls.set(this, String(args[1]));
      return (open as (...a: unknown[]) => void).apply(this, args);
    } as typeof open;
    XMLHttpRequest.prototype.send = function (
      this: XMLHttpRequest,
      body?: Document | XMLHttpRequestBodyInit | null,
    ) {
      const url = urls.get(this) ?? '';
      if (loushang(url) || sameOrigin(url)) {
        this.addEventListener('load', () => {
          if (!watched(url, this.getResponseHeader('content-type'))) return;
          if (this.responseType === '' || this.responseType === 'text') post(url, this.responseText);
        });
      }
      return send.call(this, body);
    };

    const originalFetch = window.fetch;
    window.fetch = async function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      const response = await originalFetch.call(this, input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (watched(url, response.headers.get('content-type'))) {
        response
          .clone()
          .text()
          .then((text) => post(url, text))
          .catch(() => {});
      }
      return response;
    } as typeof fetch;

    // pushState/replaceState: the page's own call first, unchanged; then a word to the content script.
    for (const name of ['pushState', 'replaceState'] as const) {
      const original = history[name];
      history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
        const result = original.apply(this, args);
        window.postMessage({ [ROUTE_MESSAGE]: true }, window.location.origin);
        return result;
      };
    }
  },
});
