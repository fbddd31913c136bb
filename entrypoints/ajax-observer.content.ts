/**
 * Main-world observer: the host grid loads its rows by XHR/fetch from /command/ajax/…; this passes a copy
 * of each response to Baoxue's content script (window.postMessage, same origin), with the grid column
 * models the page defines (header ↔ JSON field; lib/capture/columns.ts), which only the main world can
 * see. Read-only: requests and responses reach the page unchanged, page code is never called. No
 * extension APIs here: the main world is the page's own.
 */
import { findColumnModels } from '@/lib/capture/columns';
import { AJAX_MESSAGE } from '@/lib/capture/json';
import { KNOWN_MATCHES } from '@/lib/hosts';

export default defineContentScript({
  matches: KNOWN_MATCHES,
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    const watched = (url: string) => /\/command\/ajax\//.test(url);
    const post = (url: string, text: string) => {
      let columns: unknown[] = [];
      try {
        columns = findColumnModels(window as unknown as Record<string, unknown>);
      } catch {
        // a page whose globals cannot be read still has its JSON read through the field table
      }
      window.postMessage({ [AJAX_MESSAGE]: true, url, text, columns }, window.location.origin);
    };

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
      if (watched(url)) {
        this.addEventListener('load', () => {
          if (this.responseType === '' || this.responseType === 'text') post(url, this.responseText);
        });
      }
      return send.call(this, body);
    };

    const originalFetch = window.fetch;
    window.fetch = async function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      const response = await originalFetch.call(this, input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (watched(url)) {
        response
          .clone()
          .text()
          .then((text) => post(url, text))
          .catch(() => {});
      }
      return response;
    } as typeof fetch;
  },
});
