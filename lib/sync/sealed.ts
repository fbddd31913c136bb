/**
 * End-to-end encryption of personal fields (lib/sync/personal.ts) on their way to the school's server and
 * back, in Baoxue's own replication handlers (lib/sync/couchdb.ts). RxDB's encryption plugin would not do:
 * it encrypts inside the local storage and replicates plain text.
 *
 * The school keyring: HMAC keys for ids and AES-GCM keys by id, the newest `current` used for every write.
 * A child's id (the 学籍号: for a G-number, the citizen ID) becomes a keyed hash under the office's id key
 * (`office.ids`), which only registrars and leaders hold: a teacher who held it could hash candidate 学籍号s
 * offline (a birth date, a sex and an area code leave a few thousand) until one matched a child's hash. Other
 * ids (an event's, built from its child's hash) are hashed with the school's id key (`hmac`) every member
 * holds. A keyring from before this (no `ids: 'office'`) hashes every id with `hmac`, which its teachers
 * hold: 更换编号密钥 (lib/sync/reid.ts) re-writes such a school under new keys. A record's
 * personal fields go, as one JSON, into `enc` = `<key id>.<iv>.<ciphertext>` (random 96-bit IV per record;
 * the collection and the server's document id as additional data, so a sealed value moved onto another
 * record does not open). Records without `enc` (written before encryption) are read as they are.
 *
 * Identity fields (lib/sync/personal.ts `IDENTITY`: 学籍号, 身份证件号 …, and ids or references that name a
 * student) go apart into `idn`, sealed with the office key that only registrars and leaders hold. A device
 * without it (a teacher's) never holds them: a student's id there is its server id (`h-…`, the keyed hash),
 * a reference to a student the same hash (as the server holds it), an identity field blank. What such a device
 * seals back keeps those hashes as they are; a registrar's device turns them into 学籍号 again (`resolve`).
 */
import {
  CASE_CHILD_REF,
  clearDataOf,
  HASHED_IDS,
  ID_IS_IDENTITY,
  ID_REFERENCES,
  IDENTITY,
  IDENTITY_PLACEHOLDER,
  IDENTITY_REFERENCES,
  looksLikeIdNumber,
  PERSONAL,
  SERVER_HAS_NO_USE,
} from './personal';
import type { SyncedCollection } from './school';

export interface KeyringData {
  /**
   * HMAC-SHA-256 key for ids (base64). With `ids: 'office'`, only for ids that name no child (every member
   * holds it); without, for every id (a school from before the office's id key: its teachers hold it).
   */
  hmac: string;
  /** 'office': a child's id is hashed with the office's id key (`office.ids`), never with `hmac`. */
  ids?: 'office';
  /** AES-256-GCM keys by id (base64). Older keys stay so older records still open. */
  keys: Record<string, string>;
  current: string;
  /**
   * The office keys (AES-256-GCM by id, ids starting with `o`) for identity fields: in the keyrings of
   * registrars and leaders only. Absent from a teacher's.
   */
  office?: {
    keys: Record<string, string>;
    current: string;
    /** HMAC-SHA-256 key for children's ids (base64), with `ids: 'office'`. */
    ids?: string;
    /** The `hmac` a re-id replaced (it hashed children's ids, and teachers held it): old hashes are found by it. */
    was?: string;
  };
}

export interface Keyring {
  data: KeyringData;
  /** The school's id key: every id that names no child. */
  hmac: CryptoKey;
  /** The key for a child's id: the office's (`office.ids`), or `hmac` in an old keyring; undefined on a teacher's device. */
  person?: CryptoKey;
  aes: Map<string, CryptoKey>;
  /** Undefined: this member holds no office key (a teacher). */
  office?: Map<string, CryptoKey>;
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

const importHmac = (raw: string) =>
  crypto.subtle.importKey('raw', unb64(raw), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

export async function openKeyring(data: KeyringData): Promise<Keyring> {
  const hmac = await importHmac(data.hmac);
  if (data.ids === 'office' && data.office && !data.office.ids)
    throw new Error('keyring: the office id key is missing');
  const person =
    data.ids !== 'office' ? hmac : data.office?.ids ? await importHmac(data.office.ids) : undefined;
  const aes = new Map<string, CryptoKey>();
  for (const [id, raw] of Object.entries(data.keys))
    aes.set(id, await crypto.subtle.importKey('raw', unb64(raw), 'AES-GCM', false, ['encrypt', 'decrypt']));
  if (!aes.has(data.current)) throw new Error('keyring: the current key is missing');
  if (!data.office) return { data, hmac, ...(person ? { person } : {}), aes };
  const office = new Map<string, CryptoKey>();
  for (const [id, raw] of Object.entries(data.office.keys))
    office.set(
      id,
      await crypto.subtle.importKey('raw', unb64(raw), 'AES-GCM', false, ['encrypt', 'decrypt']),
    );
  if (!office.has(data.office.current)) throw new Error('keyring: the current office key is missing');
  return { data, hmac, ...(person ? { person } : {}), aes, office };
}

const newOfficeKey = (): NonNullable<KeyringData['office']> => {
  const id = `o${newKeyId()}`;
  return { keys: { [id]: b64(random(32)) }, current: id };
};

/** A new school keyring, with its office key and the office's id key (the first registrar's device makes it). */
export function newKeyringData(): KeyringData {
  const id = newKeyId();
  return {
    hmac: b64(random(32)),
    ids: 'office',
    keys: { [id]: b64(random(32)) },
    current: id,
    office: { ...newOfficeKey(), ids: b64(random(32)) },
  };
}

/** Whether a keyring hashes children's ids with a key teachers never hold (a new school, or one re-id'd). */
export const idsByOffice = (data: KeyringData) => data.ids === 'office';

/**
 * 更换编号密钥: an old keyring (its `hmac` hashed children's ids, and teachers hold it) with a new school id key,
 * a new office id key (the old `hmac` kept in the office part only, to find old hashes), and new AES keys (so
 * an envelope's key ids show who has been handed the new keyring).
 */
export function reIdentified(data: KeyringData): KeyringData {
  if (idsByOffice(data) || !data.office) return data;
  const next = rotated(data);
  return {
    ...next,
    hmac: b64(random(32)),
    ids: 'office',
    office: { ...next.office!, ids: b64(random(32)), was: data.hmac },
  };
}

/** A keyring from before office keys, given one (a registrar's device, once). */
export const withOffice = (data: KeyringData): KeyringData =>
  data.office ? data : { ...data, office: newOfficeKey() };

/** The keyring as a teacher holds it: without the office keys. */
export function withoutOffice(data: KeyringData): KeyringData {
  const { office: _office, ...rest } = data;
  return rest;
}

/** Every key id a keyring holds (an envelope lists them in clear: `o…` ones mark an office holder). */
export const keyIdsOf = (data: KeyringData) => [
  ...Object.keys(data.keys),
  ...Object.keys(data.office?.keys ?? {}),
];
export const holdsOffice = (keyIds: readonly string[]) => keyIds.some((id) => id.startsWith('o'));

/**
 * The same keyring with a new current key (a member removed): what is written from now on uses it. The
 * office key turns too (the one who left may have held it).
 */
export function rotated(data: KeyringData): KeyringData {
  const id = newKeyId();
  const next: KeyringData = { hmac: data.hmac, keys: { ...data.keys, [id]: b64(random(32)) }, current: id };
  if (data.ids) next.ids = data.ids;
  if (data.office) {
    const o = newOfficeKey();
    next.office = { ...data.office, keys: { ...data.office.keys, ...o.keys }, current: o.current };
  }
  return next;
}

/** An id under one HMAC key: `h-` and 32 characters of HMAC-SHA-256. */
async function mac(key: CryptoKey, id: string): Promise<string> {
  if (id === '') return '';
  // The same child is named by many events: each id hashed once per key (a bounded memo). The memo holds the
  // hash being made, not only a finished one: a push seals its batch side by side, and 10,000 events about 3,000
  // children asked for 10,000 HMACs of the children when only finished hashes were kept (bench, BENCH_ONLY=sealed).
  let memo = hashes.get(key);
  if (!memo || memo.size > 50_000) {
    memo = new Map();
    hashes.set(key, memo);
  }
  const known = memo.get(id);
  if (known) return known;
  const made = crypto.subtle
    .sign('HMAC', key, enc.encode(id))
    .then((bytes) => `h-${b64url(new Uint8Array(bytes)).slice(0, 32)}`);
  const held = memo;
  held.set(id, made);
  made.catch(() => held.delete(id)); // a failure is not remembered
  return made;
}
const hashes = new WeakMap<CryptoKey, Map<string, Promise<string>>>();

/** This device cannot hash a child's id: it holds no id key for children (a teacher's). */
export class NoIdKeyError extends Error {
  constructor() {
    super('this device holds no id key for children: it names a child by the server id only');
  }
}

/**
 * A child's id (学籍号, or an id that names a person) as the server holds it. Refused on a device without the
 * office's id key (a teacher's in a school whose keyring has one): such a device only ever holds the hash.
 */
export async function hashId(k: Keyring, id: string): Promise<string> {
  if (id === '') return '';
  if (!k.person) throw new NoIdKeyError();
  return mac(k.person, id);
}

/** An id under the keyring a re-id replaced (`office.was`), for finding a child's old hash; undefined without one. */
export async function oldHashId(k: Keyring, id: string): Promise<string | undefined> {
  const was = k.data.office?.was;
  if (!was) return undefined;
  let key = oldKeys.get(k);
  if (!key) {
    key = await importHmac(was);
    oldKeys.set(k, key);
  }
  return mac(key, id);
}
const oldKeys = new WeakMap<Keyring, CryptoKey>();

const aad = (collection: string, serverId: string) => enc.encode(`${collection}\n${serverId}`);
const identityAad = (collection: string, serverId: string) =>
  enc.encode(`${collection}\n${serverId}\nidentity`);

/** A server id as the server holds it (`h-` and 32 characters): a device without the office key uses it as the id. */
const ALIAS = /^h-[A-Za-z0-9_-]{32}$/;
export const isAlias = (v: unknown): v is string => typeof v === 'string' && ALIAS.test(v);
/**
 * The server's id for a device id: the id itself when it already is a hash; in an old keyring, its hash under
 * the one key. Else: a child's id (`person`), or any id shaped like an ID number, under the office's id key
 * (refused without it: `NoIdKeyError`); an id built from its child's 学籍号 (`child`) with that part put as the
 * child's hash and then under the school's key, so a teacher's device that names the child by the hash (the
 * same id with the hash in it) arrives at the same server id; any other id under the school's key.
 */
export async function serverIdOf(
  k: Keyring,
  id: string,
  o: { person?: boolean; child?: string } = {},
): Promise<string> {
  if (ALIAS.test(id) || id === '') return id;
  if (!idsByOffice(k.data) || o.person) return hashId(k, id);
  if (o.child && !ALIAS.test(o.child) && id.includes(o.child)) {
    const canonical = id.split(o.child).join(await hashId(k, o.child));
    if (!looksLikeIdNumber(canonical)) return mac(k.hmac, canonical);
  }
  return looksLikeIdNumber(id) ? hashId(k, id) : mac(k.hmac, id);
}

async function seal(
  k: Keyring,
  plain: unknown,
  ad: BufferSource,
  keys: { aes: Map<string, CryptoKey>; current: string } = { aes: k.aes, current: k.data.current },
): Promise<string> {
  const iv = random(12);
  const key = keys.aes.get(keys.current)!;
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: ad },
    key,
    enc.encode(JSON.stringify(plain)),
  );
  return `${keys.current}.${b64(iv)}.${b64(new Uint8Array(ct))}`;
}

/** Throws `UnknownKeyError` when the record was sealed with a key this keyring lacks. */
async function open(
  k: Keyring,
  sealed: string,
  ad: BufferSource,
  keys: Map<string, CryptoKey> = k.aes,
): Promise<Record<string, unknown>> {
  const [id, iv, ct] = sealed.split('.');
  const key = id ? keys.get(id) : undefined;
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

/** Whether an id or a reference names a person: it goes to the office blob, never the school one. */
const namesPerson = (c: SyncedCollection, field: string, primary: string, v: string) =>
  (field === primary ? ID_IS_IDENTITY[c] : IDENTITY_REFERENCES[c].includes(field)) || looksLikeIdNumber(v);

/** Where the child's 学籍号 was cut out of an id built from it (`tpl` in the school part). */
const CHILD_MARK = '\u0001';
const TEMPLATES = 'tpl';

const officeKeys = (k: Keyring) =>
  k.office && k.data.office ? { aes: k.office, current: k.data.office.current } : undefined;

/**
 * A device record (its id under `primary`) as the server may hold it: personal fields and references
 * sealed into `enc`, identity fields into `idn` (office key), ids hashed. Deleted records keep only their
 * hashed id. Without the office key (a teacher's device) identity values are left out, never put where a
 * teacher's key opens them: the server's rules refuse such a record over one that has them (server/gateway.ts).
 */
export async function sealRecord(k: Keyring, c: SyncedCollection, primary: string, doc: Doc): Promise<Doc> {
  const id = String(doc[primary]);
  // The child a record is about, as this device holds it (a 学籍号; on a teacher's device already the hash).
  const about = IDENTITY_REFERENCES[c]
    .map((f) => doc[f])
    .find((v): v is string => typeof v === 'string' && v !== '' && !isAlias(v));
  const serverId = HASHED_IDS[c] ? await serverIdOf(k, id, { person: ID_IS_IDENTITY[c], child: about }) : id;
  const office = officeKeys(k);
  const clear: Doc = {};
  const hidden: Doc = {};
  const identity: Doc = {};
  // The child an event is about, by 学籍号 (a device that holds it). On the wire the reference is the child's
  // keyed hash alone: the office's device maps it back (`resolve`, lib/sync/aliases.ts), so it needs no identity
  // part, and neither does an id or reference built from it, kept in the school part with the 学籍号 cut out
  // (`tpl`). Only a value naming a person otherwise (another 15-digit run) still goes to the office part. One
  // AES-GCM part per event instead of two (the bench, `BENCH_ONLY=sealed`).
  const child: string | undefined = IDENTITY_REFERENCES[c]
    .map((f) => doc[f])
    .find((v): v is string => typeof v === 'string' && v !== '' && !isAlias(v) && looksLikeIdNumber(v));
  const templates: Doc = {};
  /** A plain id or reference, where it belongs (an alias needs no hiding: the server holds it as it is). */
  const hide = (f: string, v: string) => {
    if (ALIAS.test(v)) return;
    if (IDENTITY_REFERENCES[c].includes(f) && v === child) return;
    const t = child && v.includes(child) ? v.split(child).join(CHILD_MARK) : undefined;
    if (t !== undefined && !looksLikeIdNumber(t)) templates[f] = t;
    else if (namesPerson(c, f, primary, v)) identity[f] = v;
    else hidden[f] = v;
  };
  const sealed = async () => {
    clear[primary] = serverId;
    if (Object.keys(templates).length) hidden[TEMPLATES] = templates;
    // Always an `enc`, even empty (a tombstone): a record without one is one from before encryption. The two
    // parts are sealed side by side (WebCrypto runs them in parallel).
    const [school, ids] = await Promise.all([
      seal(k, hidden, aad(c, serverId)),
      office && Object.keys(identity).length
        ? seal(k, identity, identityAad(c, serverId), office)
        : undefined,
    ]);
    clear.enc = school;
    if (ids) clear.idn = ids;
    return clear;
  };
  if (doc._deleted) {
    if (HASHED_IDS[c]) hide(primary, id);
    clear._deleted = true;
    return sealed();
  }
  const personal = new Set<string>([...PERSONAL[c], ...SERVER_HAS_NO_USE[c]]);
  const ids = new Set<string>(IDENTITY[c]);
  const refs = new Set<string>(ID_REFERENCES[c]);
  for (const [f, v] of Object.entries(doc)) {
    if (f === primary || (c === 'cases' && f === CASE_CHILD_REF)) continue;
    // A blank identity field is left out: a record a device holds minimised (blank 学籍号, the id a hash) then
    // seals to no identity part at all, which the rules refuse over one that has it, instead of blanks that
    // would overwrite the office's values.
    if (ids.has(f)) {
      if (v !== '' && v !== undefined) identity[f] = v;
    } else if (personal.has(f)) hidden[f] = v;
    else if (refs.has(f) && typeof v === 'string') {
      hide(f, v);
      // A reference to an event (`supersedes`) is built like the event's own id: from the same child.
      clear[f] = await serverIdOf(k, v, {
        person: IDENTITY_REFERENCES[c].includes(f),
        child: f === 'supersedes' ? about : undefined,
      });
    } else if (c === 'events' && f === 'data' && v && typeof v === 'object') {
      const codes: Doc = {};
      const rest: Doc = {};
      // Only the codes this kind of event has (a note: its type) stay clear; any other key is sealed.
      const clearHere = clearDataOf(doc.kind, v);
      for (const [g, w] of Object.entries(v as Doc)) (clearHere.includes(g) ? codes : rest)[g] = w;
      clear.data = codes;
      if (Object.keys(rest).length) hidden.data = rest;
    } else clear[f] = v;
  }
  // A case names its child in clear too, by the child's server id (`CASE_CHILD_REF`): the gateway gives the case
  // to the child's 帮扶 partner. Made only where the 学籍号 is held with the key that hashes it (an office device);
  // a teacher's device writes no cases.
  if (c === 'cases' && typeof doc.xjh === 'string' && doc.xjh !== '') {
    if (isAlias(doc.xjh)) clear[CASE_CHILD_REF] = doc.xjh;
    else if (k.person) clear[CASE_CHILD_REF] = await hashId(k, doc.xjh);
  }
  if (HASHED_IDS[c]) hide(primary, id);
  return sealed();
}

/**
 * A record as a device without the office key may hold it, whatever the server sent (a plain record from
 * before encryption, one sealed before identity fields went apart): ids and references that name a person
 * become the server's hashes, identity fields blank. Fail-closed: decided by the field lists and the value's
 * shape, not by where the value came from.
 */
async function minimised(k: Keyring, c: SyncedCollection, primary: string, doc: Doc): Promise<Doc> {
  const out: Doc = { ...doc };
  const id = String(doc[primary] ?? '');
  try {
    if (HASHED_IDS[c] && namesPerson(c, primary, primary, id))
      out[primary] = await serverIdOf(k, id, { person: true });
    for (const f of ID_REFERENCES[c]) {
      const v = out[f];
      if (typeof v === 'string' && namesPerson(c, f, primary, v))
        out[f] = await serverIdOf(k, v, { person: true });
    }
  } catch (e) {
    if (!(e instanceof NoIdKeyError)) throw e;
    // A record naming a child by 学籍号 that this device cannot turn into the hash (a plain record from before
    // encryption, on a teacher's device without the office's id key): not kept, never kept by its number.
    return { [primary]: `retired-${await mac(k.hmac, id)}`, _deleted: true };
  }
  for (const f of IDENTITY[c]) delete out[f];
  if (!doc._deleted) Object.assign(out, IDENTITY_PLACEHOLDER[c]);
  return out;
}

/** Office key ids a keyring was found without once already (the caller fetched a fresh keyring since). */
const missingOffice = new WeakMap<Keyring, Set<string>>();

/**
 * A record's identity part. Sealed with an office key this keyring lacks: the first time, `UnknownKeyError`
 * (the caller fetches the keyring again: a registrar may have turned the key since); asked again with the very
 * same keyring, undefined (the record is kept minimised, as on a teacher's device, instead of a sync that can
 * never get past it).
 */
async function openIdentity(
  k: Keyring,
  idn: string,
  c: SyncedCollection,
  serverId: string,
): Promise<Record<string, unknown> | undefined> {
  const id = idn.split('.')[0] ?? '';
  if (!k.office!.has(id)) {
    const seen = missingOffice.get(k) ?? new Set<string>();
    missingOffice.set(k, seen);
    if (seen.has(id)) return undefined;
    seen.add(id);
    throw new UnknownKeyError(id);
  }
  return open(k, idn, identityAad(c, serverId), k.office);
}

/** Turns a student's server id (a hash) back into their id (学籍号); undefined when it cannot. */
export type Resolve = (collection: 'students', serverId: string) => Promise<string | undefined>;

/**
 * A server document back as the device record (a record without `enc` is read as it is, on a device without
 * the office key minimised first). `resolve`: for an office device, a student reference that a teacher's
 * device wrote as the server's hash is turned back into the 学籍号.
 */
export async function openRecord(
  k: Keyring,
  c: SyncedCollection,
  primary: string,
  doc: Doc,
  resolve?: Resolve,
): Promise<Doc> {
  if (typeof doc.enc !== 'string') {
    // A plain tombstone in a collection whose ids are hashed: a record the migration re-wrote sealed and
    // then deleted (lib/sync/migrate.ts). Its sealed copy opens to the same id here; applying the deletion
    // would remove it, so it is kept as a tombstone of its own, under no one's id.
    if (doc._deleted && HASHED_IDS[c] && !isAlias(doc[primary]))
      return { [primary]: `retired-${await mac(k.hmac, String(doc[primary]))}`, _deleted: true };
    // A record the re-id (更换编号密钥, lib/sync/reid.ts) moved to its new id: deleted under the old one.
    if (doc._deleted && doc.retired === true) return { [primary]: doc[primary], _deleted: true };
    return k.office ? doc : minimised(k, c, primary, doc);
  }
  // `migrated`: the server's mark on a record the migration wrote (lib/sync/migrate.ts), not the record's.
  const { enc: sealedPart, idn, migrated: _migrated, ...clear } = doc;
  // The server's clear reference to a case's child (for the gateway alone): no field of the device's record.
  if (c === 'cases') delete clear[CASE_CHILD_REF];
  const serverId = String(doc[primary]);
  const [hidden, identity] = await Promise.all([
    open(k, sealedPart as string, aad(c, serverId)),
    k.office && typeof idn === 'string' ? openIdentity(k, idn, c, serverId) : {},
  ]);
  const { [TEMPLATES]: templates, ...rest } = hidden;
  const out: Doc = { ...clear, ...rest, ...identity };
  if (c === 'events' && hidden.data && typeof hidden.data === 'object')
    out.data = { ...(clear.data as Doc), ...(hidden.data as Doc) };
  // A device without the office key keeps the server's hashes (`clear`) for ids built from the 学籍号.
  if (!k.office || !identity) return minimised(k, c, primary, out);
  if (!doc._deleted)
    for (const [f, v] of Object.entries(IDENTITY_PLACEHOLDER[c])) if (out[f] === undefined) out[f] = v;
  let child: string | undefined;
  for (const f of IDENTITY_REFERENCES[c]) {
    const v = out[f];
    if (!isAlias(v)) continue;
    const id = resolve ? await resolve('students', v) : undefined;
    if (id !== undefined) out[f] = id;
    child ??= id;
  }
  // Ids built from the child's 学籍号: whole again once the child is known here; else left as the server holds
  // them (the hash), as on a teacher's device.
  if (templates && typeof templates === 'object' && child !== undefined)
    for (const [f, t] of Object.entries(templates as Doc))
      if (typeof t === 'string') out[f] = t.split(CHILD_MARK).join(child);
  return out;
}

/**
 * Whether a server document sealed before identity fields went apart holds one in its school part (`enc`),
 * where a teacher's key opens it: the migration re-seals it (lib/sync/migrate.ts).
 */
export async function identityInSchoolPart(
  k: Keyring,
  c: SyncedCollection,
  primary: string,
  doc: Doc,
): Promise<boolean> {
  if (typeof doc.enc !== 'string' || typeof doc.idn === 'string') return false;
  const hidden = await open(k, doc.enc, aad(c, String(doc[primary])));
  const ids = new Set<string>(IDENTITY[c]);
  const refs = new Set<string>([primary, ...ID_REFERENCES[c]]);
  return Object.entries(hidden).some(
    ([f, v]) => ids.has(f) || (refs.has(f) && typeof v === 'string' && namesPerson(c, f, primary, v)),
  );
}
