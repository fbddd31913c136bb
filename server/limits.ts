/**
 * What a request may weigh: a body over 16 MB is refused while it streams in (never buffered whole), a
 * document over 1 MB is refused, and JSON nested deeper than 32 levels is refused before it is parsed.
 */
import type { IncomingMessage } from 'node:http';

export const MAX_BODY = 16 * 1024 * 1024;
export const MAX_DOC = 1024 * 1024;
/** A login's body (a name and a password) without an account: never more than this. */
export const MAX_LOGIN = 16 * 1024;
export const MAX_DEPTH = 32;

export type BodyResult = { ok: true; body: Buffer | undefined } | { ok: false; status: 400 | 413 };

/** Reads the body, stopping at `limit` bytes (the caller answers 413 and closes the connection). */
export function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > limit) return Promise.resolve({ ok: false, status: 413 });
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)
    return Promise.resolve({ ok: true, body: undefined });
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        return finish({ ok: false, status: 413 });
      }
      parts.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => finish({ ok: true, body: Buffer.concat(parts) }));
    req.on('error', () => finish({ ok: false, status: 400 }));
    req.on('aborted', () => finish({ ok: false, status: 400 }));
  });
}

/** How deeply a JSON text nests (objects and arrays), read byte by byte so a hostile body is never parsed. */
export function jsonDepth(body: Buffer, stopAt = MAX_DEPTH + 1): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max >= stopAt) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export type Parsed = { ok: true; value: unknown } | { ok: false; status: 400; reason: string };

/** JSON from a request body, refused when it nests too deeply or does not parse. */
export function parseJson(body: Buffer | undefined): Parsed {
  if (!body || body.length === 0) return { ok: false, status: 400, reason: '请求内容为空 (empty body)' };
  if (jsonDepth(body) > MAX_DEPTH)
    return { ok: false, status: 400, reason: `JSON 嵌套太深 (JSON nested deeper than ${MAX_DEPTH})` };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false, status: 400, reason: '请求内容不是有效的 JSON (the body is not valid JSON)' };
  }
}

/** A document's size as it would be stored (its JSON). */
export const docBytes = (doc: unknown) => Buffer.byteLength(JSON.stringify(doc) ?? '');
