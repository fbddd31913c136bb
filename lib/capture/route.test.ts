// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ROUTE_MESSAGE, watchRoutes } from './route';

const flush = () => new Promise((r) => setTimeout(r, 10));
/** The observer's message, as the browser delivers it: from this window, with its origin. */
const told = () =>
  window.dispatchEvent(
    new MessageEvent('message', { data: { [ROUTE_MESSAGE]: true }, origin: location.origin, source: window }),
  );

describe('a single-page app changing its page without a load', () => {
  it('is reported once per new address: pushState (told by the observer), back, and a #hash', async () => {
    const seen: string[] = [];
    const stop = watchRoutes(window, (href) => seen.push(new URL(href).pathname + new URL(href).hash));
    history.pushState({}, '', '/v2/changes');
    told();
    told(); // the same address again
    await flush();
    location.hash = '#/cross';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await flush();
    history.pushState({}, '', '/v2/students');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await flush();
    expect(seen).toEqual(['/v2/changes', '/v2/changes#/cross', '/v2/students']);
    stop();
    history.pushState({}, '', '/v2/overview');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await flush();
    expect(seen).toHaveLength(3);
  });

  it('ignores a message in the observer shape that came from another window', async () => {
    const seen: string[] = [];
    const stop = watchRoutes(window, (href) => seen.push(href));
    history.pushState({}, '', '/v2/elsewhere');
    window.dispatchEvent(
      new MessageEvent('message', { data: { [ROUTE_MESSAGE]: true }, origin: 'http://evil.test' }),
    );
    await flush();
    expect(seen).toEqual([]);
    stop();
  });
});
