/**
 * A single-page app changes its page without a page load (history.pushState, a back button, a #hash).
 * The main-world observer tells the content script of pushState/replaceState (which fire no event); back,
 * forward and hash changes fire popstate/hashchange in every world. Whatever the cause, a change is
 * reported once per new address, so a feature re-reads the page it now shows.
 */

/** The marker on window messages from the main-world observer when the page pushed a new address. */
export const ROUTE_MESSAGE = 'baoxue:route';

type RouteWindow = Pick<Window, 'addEventListener' | 'removeEventListener' | 'location'>;

/** Calls `onChange` after each change of address without a page load; returns how to stop. */
export function watchRoutes(win: RouteWindow, onChange: (href: string) => void): () => void {
  let last = win.location.href;
  const check = () => {
    const now = win.location.href;
    if (now === last) return;
    last = now;
    onChange(now);
  };
  const onMessage = (e: MessageEvent) => {
    if (e.source !== win || e.origin !== win.location.origin) return;
    if ((e.data as Record<string, unknown> | null)?.[ROUTE_MESSAGE] === true) check();
  };
  win.addEventListener('popstate', check);
  win.addEventListener('hashchange', check);
  win.addEventListener('message', onMessage);
  return () => {
    win.removeEventListener('popstate', check);
    win.removeEventListener('hashchange', check);
    win.removeEventListener('message', onMessage);
  };
}
