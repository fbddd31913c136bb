/**
 * Where the overlay runs. Hosts are configuration: the production build knows the provincial 1.0
 * deployments named in domain.md §2; any other host (the 2.0 national system, a county mirror) is added
 * by the user in the options page and granted at runtime as an optional host permission.
 */
export const KNOWN_HOSTS = ['gdxj.edugd.cn', 'zxxs.sxedu.gov.cn', 'zxx.haedu.gov.cn'] as const;

/** Demo build only: the local demo student-status site, any port. */
export const DEMO_MATCHES = ['http://127.0.0.1/*', 'http://localhost/*'];

export const KNOWN_MATCHES = KNOWN_HOSTS.flatMap((h) => [`https://${h}/*`, `http://${h}/*`]);

/** Turns what a user types ("xj.example.gov.cn", "https://xj.example.gov.cn:8443/jsp/…") into a match pattern. */
export function hostToMatchPattern(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!/^[a-z0-9.-]+$/i.test(url.hostname) || !url.hostname.includes('.')) return null;
  // Match patterns ignore ports; scheme is kept as typed so an http-only intranet host still works.
  return `${url.protocol}//${url.hostname.toLowerCase()}/*`;
}
