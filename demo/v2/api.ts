/** The skin's API client: plain `fetch` of JSON, as a modern admin front end does. */
export interface Paged<T> {
  total: number;
  records: T[];
}

export async function getJson<T>(path: string, params: Record<string, string | number> = {}): Promise<T> {
  const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`/v2/api/${path}?${q}`, { headers: { Accept: 'application/json' } });
  const body = (await res.json()) as { code: number; msg: string; data: T };
  if (body.code !== 200) throw new Error(body.msg);
  return body.data;
}
