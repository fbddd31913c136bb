/**
 * End-to-end encryption of personal fields (lib/sync/personal.ts) on their way to the school's server and
 * back, in Baoxue's own replication handlers (lib/sync/couchdb.ts). RxDB's encryption plugin would not do:
 * it encrypts inside the local storage and replicates plain text.
 *
 * The school keyring: an HMAC key (document ids that name a person become keyed hashes; never rotated, or
 * every id would change) and AES-GCM keys by id, the newest `current` used for every write. A record's
 * personal fields go, as one JSON, into `enc` = `<key id>.<iv>.<ciphertext>` (random 96-bit IV per record;
 * the collection and the server's document id as additional data, so a sealed value moved onto another
 * record does not open). Records without `enc` (written before encryption) are read as they are.
 */
import { CLEAR_EVENT_DATA, HASHED_IDS, ID_REFERENCES, PERSONAL } from './personal';
import type { SyncedCollection } from './school';

export interface KeyringData {
  /** HMAC-SHA-256 key for ids (base64). */
  hmac: string;
  /** AES-256-GCM keys by id (base64). Older keys stay so older records still open. */
  keys: Record<string, string>;
  current: string;
}

export interface Keyring {
  data: KeyringData;
  hmac: CryptoKey;
  aes: Map<string, CryptoKey>;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
export const b64 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
export const unb64 = (text: string): Uint8Array<ArrayBuffer> => {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};
const b64url = (bytes: Uint8Array) => b64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n: number): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(n));
const newKeyId = () => b64url(random(6));

export async function openKeyring(data: KeyringData): Promise<Keyring> {
  const hmac = await crypto.subtle.importKey(
    'raw',
    unb64(data.hmac),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const aes = new Map<string, CryptoKey>();
  for (const [id, raw] of Object.entries(data.keys))
    aes.set(id, await crypto.subtle.importKey('raw', unb64(raw), 'AES-GCM', false, ['encrypt', 'decrypt']));
  if (!aes.has(data.current)) throw new Error('keyring: the current key is missing');
  return { data, hmac, aes };
}

/** A new school keyring (the first registrar's device makes it). */
export function newKeyringData(): KeyringData {
  const id = newKeyId();
  return { hmac: b64(random(32)), keys: { [id]: b64(random(32)) }, current: id };
}

/** The same keyring with a new current key (a member removed): what is written from now on uses it. */
export function rotated(data: KeyringData): KeyringData {
  const id = newKeyId();
  return { hmac: data.hmac, keys: { ...data.keys, [id]: b64(random(32)) }, current: id };
}

/** A person's id as the server holds it: `h-` and 32 characters of HMAC-SHA-256. */
export async function hashId(k: Keyring, id: string): Promise<string> {
  if (id === '') return '';
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', k.hmac, enc.encode(id)));
  return `h-${b64url(mac).slice(0, 32)}`;
}

const aad = (collection: string, serverId: string) => enc.encode(`${collection}\n${serverId}`);

async function seal(k: Keyring, plain: unknown, ad: BufferSource): Promise<string> {
  const iv = random(12);
  const key = k.aes.get(k.data.current)!;
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: ad },
    key,
    enc.encode(JSON.stringify(plain)),
  );
  return `${k.data.current}.${b64(iv)}.${b64(new Uint8Array(ct))}`;
}

/** Throws `UnknownKeyError` when the record was sealed with a key this keyring lacks. */
async function open(k: Keyring, sealed: string, ad: BufferSource): Promise<Record<string, unknown>> {
  const [id, iv, ct] = sealed.split('.');
  const key = id ? k.aes.get(id) : undefined;
  if (!key || !iv || !ct) throw new UnknownKeyError(id ?? '');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: unb64(iv), additionalData: ad },
    key,
    unb64(ct),
  );
  return JSON.parse(dec.decode(plain)) as Record<string, unknown>;
}

export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`sealed with key ${keyId}, which this device does not have`);
  }
}

/** The key id a sealed server document was written with (undefined: written before encryption). */
export const keyIdOf = (doc: Record<string, unknown>) =>
  typeof doc.enc === 'string' ? doc.enc.split('.')[0] : undefined;

type Doc = Record<string, unknown>;

/**
 * A device record (its id under `primary`) as the server may hold it: personal fields and references
 * sealed into `enc`, ids hashed. Deleted records keep only their hashed id.
 */
export async function sealRecord(k: Keyring, c: SyncedCollection, primary: string, doc: Doc): Promise<Doc> {
  const id = String(doc[primary]);
  const serverId = HASHED_IDS[c] ? await hashId(k, id) : id;
  if (doc._deleted)
    return {
      [primary]: serverId,
      _deleted: true,
      ...(HASHED_IDS[c] ? { enc: await seal(k, { [primary]: id }, aad(c, serverId)) } : {}),
    };
  const clear: Doc = {};
  const hidden: Doc = {};
  const personal = new Set<string>(PERSONAL[c]);
  const refs = new Set<string>(ID_REFERENCES[c]);
  for (const [f, v] of Object.entries(doc)) {
    if (f === primary) continue;
    if (personal.has(f)) hidden[f] = v;
    else if (refs.has(f) && typeof v === 'string') {
      hidden[f] = v;
      clear[f] = await hashId(k, v);
    } else if (c === 'events' && f === 'data' && v && typeof v === 'object') {
      const codes: Doc = {};
      const rest: Doc = {};
      for (const [g, w] of Object.entries(v as Doc)) (CLEAR_EVENT_DATA.includes(g) ? codes : rest)[g] = w;
      clear.data = codes;
      if (Object.keys(rest).length) hidden.data = rest;
    } else clear[f] = v;
  }
  if (HASHED_IDS[c]) hidden[primary] = id;
  clear[primary] = serverId;
  clear.enc = await seal(k, hidden, aad(c, serverId));
  return clear;
}

/** A server document back as the device record (a record without `enc` is read as it is). */
export async function openRecord(k: Keyring, c: SyncedCollection, primary: string, doc: Doc): Promise<Doc> {
  if (typeof doc.enc !== 'string') return doc;
  const { enc: sealed, ...clear } = doc;
  const hidden = await open(k, sealed, aad(c, String(doc[primary])));
  const out: Doc = { ...clear, ...hidden };
  if (c === 'events' && hidden.data && typeof hidden.data === 'object')
    out.data = { ...(clear.data as Doc), ...(hidden.data as Doc) };
  return out;
}
