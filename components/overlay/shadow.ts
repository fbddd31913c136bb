/**
 * Overlay elements live in open shadow roots: host-page CSS cannot reach in and ours cannot leak out
 * (`all: initial !important` on the host: for !important, the shadow tree's rule beats the page's).
 * Host elements carry `data-baoxue-root` so the page readers and mutation observers skip them.
 */
export function shadowHost(tag: string, css: string): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement(tag);
  host.setAttribute('data-baoxue-root', '');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `:host { all: initial !important; } ${css}`;
  root.appendChild(style);
  return { host, root };
}

/** True for nodes the overlay added (so our own writes never trigger a re-read). */
export function isOverlayNode(node: Node): boolean {
  return (
    node instanceof Element && (node.hasAttribute('data-baoxue-root') || !!node.closest('[data-baoxue-root]'))
  );
}
