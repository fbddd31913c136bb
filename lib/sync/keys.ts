/**
 * The school keyring (lib/sync/sealed.ts) kept on the server for each staff member, in the pattern of
 * Joplin's and Standard Notes' master keys: the server holds only what it cannot open.
 *
 * Each member has an envelope at `/_baoxue/keys/<school>/<name>` (server/auth/keys.ts):
 * - an ECDH P-256 key pair: the public key in clear, the private key wrapped (AES-GCM) with a key derived
 *   from the member's password (PBKDF2-SHA-256, 600,000 iterations, random salt);
 * - the keyring, encrypted to the member's public key (an ephemeral ECDH key → AES-GCM).
 * So a password change re-wraps only the private key; a registrar can hand the keyring to every member
 * (a rotation) knowing only their public keys; a new member or a forgotten password gets a fresh key pair
 * wrapped with the one-time password the member replaces at first sign-in (设置 → 同步服务器 → 修改密码).
 *
 * The office key (identity fields: 学籍号, 身份证件号; lib/sync/personal.ts `IDENTITY`) is in the keyrings of
 * registrars and leaders only. A teacher's envelope holds the keyring without it, so the server's answers,
 * whatever route they took, never open to an ID number on a teacher's device. Who holds it is seen in clear
 * from an envelope's key ids (`o…`), so a rotation hands the new office key to exactly those who had one.
 * The id key for children (`office.ids`: a 学籍号 becomes the server's `h-…` under it) is part of the office key
 * too: a teacher's keyring holds only the school's id key, for ids that name no child.
 */
import type { SyncAccount } from './account';
import { basicAuth } from './account';
import { Envelope, isOfficeKeyId } from './envelope';
import {
  b64,
  holdsOffice,
  idsByOffice,
  type Keyring,
  type KeyringData,
  keyIdsOf,
  newKeyringData,
  openKeyring,
  reIdentified,
  rotated,
  unb64,
  withOffice,
  withoutOffice,
} from './sealed';

export const PBKDF2_ITERATIONS = 600_000;
export { Envelope };

const enc = new TextEncoder();
const dec = new TextDecoder();
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

async function passwordKey(password: string, salt: BufferSource, iterations: number) {
  const base = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

async function aesSeal(key: CryptoKey, plain: BufferSource): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain);
  return `${b64(iv)}.${b64(new Uint8Array(ct))}`;
}
async function aesOpen(key: CryptoKey, sealed: string): Promise<Uint8Array<ArrayBuffer>> {
  const [iv, ct] = sealed.split('.');
  return new Uint8Array(
    await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(iv ?? '') }, key, unb64(ct ?? '')),
  );
}

const sharedKey = (priv: CryptoKey, pub: CryptoKey) =>
  crypto.subtle.deriveKey({ name: 'ECDH', public: pub }, priv, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
const importPublic = (spki: string) => crypto.subtle.importKey('spki', unb64(spki), ECDH, false, []);

/** The keyring encrypted to one member's public key (a fresh ephemeral key each time). */
async function keyringFor(publicKey: string, data: KeyringData): Promise<string> {
  const eph = (await crypto.subtle.generateKey(ECDH, true, ['deriveKey'])) as CryptoKeyPair;
  const key = await sharedKey(eph.privateKey, await importPublic(publicKey));
  const epk = b64(new Uint8Array(await crypto.subtle.exportKey('spki', eph.publicKey)));
  return `${epk}.${await aesSeal(key, enc.encode(JSON.stringify(data)))}`;
}

/** A new envelope: a fresh key pair wrapped with `password`, holding the keyring. */
export async function makeEnvelope(
  data: KeyringData,
  password: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<Envelope> {
  const pair = (await crypto.subtle.generateKey(ECDH, true, ['deriveKey'])) as CryptoKeyPair;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const publicKey = b64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
  return {
    publicKey,
    salt: b64(salt),
    iterations,
    privateKey: await aesSeal(await passwordKey(password, salt, iterations), pkcs8),
    keyring: await keyringFor(publicKey, data),
    keyIds: keyIdsOf(data),
  };
}

async function privateKeyOf(e: Envelope, password: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await aesOpen(await passwordKey(password, unb64(e.salt), e.iterations), e.privateKey);
  } catch {
    throw new KeyAccessError('wrong-password');
  }
}

/** The keyring out of an envelope, with the member's password. */
export async function openEnvelope(e: Envelope, password: string): Promise<KeyringData> {
  const pkcs8 = await privateKeyOf(e, password);
  const priv = await crypto.subtle.importKey('pkcs8', pkcs8, ECDH, false, ['deriveKey']);
  const [epk, iv, ct] = e.keyring.split('.');
  const key = await sharedKey(priv, await importPublic(epk ?? ''));
  return JSON.parse(dec.decode(await aesOpen(key, `${iv}.${ct}`))) as KeyringData;
}

/** The same key pair, wrapped with a new password (a password change re-wraps only). */
export async function rewrapEnvelope(
  e: Envelope,
  oldPassword: string,
  newPassword: string,
): Promise<Envelope> {
  const pkcs8 = await privateKeyOf(e, oldPassword);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return {
    ...e,
    salt: b64(salt),
    privateKey: await aesSeal(await passwordKey(newPassword, salt, e.iterations), pkcs8),
  };
}

export class KeyAccessError extends Error {
  constructor(
    /**
     * `last-office`: the server refused to delete the last envelope holding the office key (`detail`: whose).
     * `no-member`: a removal of a name that holds no envelope of the school and is no staff of it (`detail`: the name).
     */
    readonly problem: 'wrong-password' | 'no-key' | 'refused' | 'last-office' | 'no-member',
    readonly detail = '',
  ) {
    super(`school keys: ${problem} ${detail}`.trim());
  }
}

// ---- who left holding the office's id key ----

/**
 * The office part as a registrar's device keeps it: with the names of colleagues who left the office (made
 * teacher, or removed) while it hashed children's ids with the id key they held. Turning the keyring takes
 * their office key back, not that id key: their old device still computes a child's server id from a 学籍号
 * until 更换编号密钥 replaces it (`reIdentifyKeys`). Only office holders' keyrings carry it.
 */
type OfficePart = NonNullable<KeyringData['office']> & { left?: string[] };

/** Who left the office holding the id key that hashes children's ids now (成员密钥 names them). */
export const idKeyLeftWith = (data: KeyringData): string[] => [
  ...((data.office as OfficePart | undefined)?.left ?? []),
];

/** `data` remembering that `names` left holding its id key (a keyring whose teachers never held it). */
function leftWith(data: KeyringData, names: readonly string[]): KeyringData {
  if (!names.length || !data.office || !idsByOffice(data)) return data;
  const left = [...new Set([...idKeyLeftWith(data), ...names])];
  return { ...data, office: { ...data.office, left } as OfficePart };
}

/**
 * 更换编号密钥's keyring: an old one whose teachers hold the id key (sealed.ts `reIdentified`), or one whose id
 * key left with a colleague: a new current key (so envelopes show who has been handed it) and a new office id
 * key, the old one kept as `was` to find old hashes. Unchanged when nobody holds the id key who should not.
 */
function replacedIdKey(data: KeyringData): KeyringData {
  if (!idsByOffice(data)) return withoutLeft(reIdentified(data));
  if (!idKeyLeftWith(data).length || !data.office?.ids) return data;
  const next = rotated(data);
  const ids = b64(crypto.getRandomValues(new Uint8Array(32)));
  return withoutLeft({ ...next, office: { ...next.office!, ids, was: data.office.ids } });
}
function withoutLeft(data: KeyringData): KeyringData {
  if (!data.office || !('left' in data.office)) return data;
  const { left: _left, ...office } = data.office as OfficePart;
  return { ...data, office };
}

// ---- on the server ----

const keysUrl = (a: SyncAccount, name?: string) =>
  `${a.url}_baoxue/keys/${encodeURIComponent(a.school)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;

async function call(
  a: Pick<SyncAccount, 'user' | 'password'>,
  url: string,
  fetcher: typeof fetch,
  method = 'GET',
  body?: unknown,
): Promise<Response> {
  return fetcher(url, {
    method,
    headers: {
      authorization: basicAuth(a),
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function readEnvelope(a: SyncAccount, fetcher: typeof fetch): Promise<Envelope | undefined> {
  const r = await call(a, keysUrl(a, a.user), fetcher);
  if (r.status === 404) return undefined;
  // The server's reason in words (a registrar made teacher: ask the registrar to re-issue the keys).
  if (!r.ok) {
    const reason = await r
      .json()
      .then((b: { reason?: unknown }) => (typeof b.reason === 'string' ? b.reason : ''))
      .catch(() => '');
    throw new KeyAccessError('refused', `${r.status} ${reason}`.trim());
  }
  return Envelope.parse(await r.json());
}

async function putEnvelope(
  a: SyncAccount,
  name: string,
  e: Partial<Envelope>,
  fetcher: typeof fetch,
  query = '',
): Promise<boolean> {
  const r = await call(a, keysUrl(a, name) + query, fetcher, 'PUT', e);
  // `?create=1` on a school that has keys: another device made them first (the caller reads them).
  if (r.status === 409 && query.includes('create=1')) return false;
  if (r.status === 409) throw new StaleKeyring();
  if (!r.ok) throw new KeyAccessError('refused', `${r.status} ${await r.text().catch(() => '')}`);
  return true;
}

/**
 * A keyring write the server refused as stale (server/auth/keys.ts): another registrar's device changed the
 * keys after this one read them. The caller reads them again and makes its change anew (`retrying`).
 */
class StaleKeyring extends Error {
  /** Whose office key this device was taking back when refused (another registrar's device turned first). */
  constructor(readonly taken: readonly string[] = []) {
    super('school keys changed meanwhile');
  }
}
/** How many times this page or worker has told its listeners of office keys taken back. */
let told = 0;
const tell = (names: readonly string[]) => {
  told++;
  for (const listener of officeTaken) listener([...names]);
};
const TRIES = 6;
/** `run` again from a fresh read while the server says the keys changed meanwhile (a few times at most). */
async function retrying<T>(run: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof StaleKeyring)) throw e;
      if (i >= TRIES) throw new KeyAccessError('refused', '409 学校密钥一直在被其他设备更新，请稍后再试');
    }
  }
}

/**
 * The keyring's generation as the server counts it (read by a registrar before reading the keys): every
 * keyring write names it, so a write made on keys another registrar changed meanwhile is refused, not stored.
 */
async function keyringGeneration(a: SyncAccount, fetcher: typeof fetch): Promise<number> {
  const r = await call(a, keysUrl(a), fetcher);
  if (!r.ok) throw new KeyAccessError('refused', String(r.status));
  const g = ((await r.json()) as { generation?: unknown }).generation;
  return typeof g === 'number' ? g : 0;
}

/** One member's part of a rotation: the keyring encrypted to their public key, and its key ids. */
const partFor = async (m: { name: string; publicKey: string }, data: KeyringData) => ({
  name: m.name,
  keyring: await keyringFor(m.publicKey, data),
  keyIds: keyIdsOf(data),
});
/** Keyrings handed to several members at once, on `generation`: all written, or none (then `StaleKeyring`). */
async function writeKeyrings(
  a: SyncAccount,
  generation: number | undefined,
  parts: { name: string; keyring: string; keyIds: string[] }[],
  fetcher: typeof fetch,
): Promise<void> {
  if (!parts.length) return;
  if (generation === undefined) throw new KeyAccessError('refused', 'generation');
  const envelopes = Object.fromEntries(parts.map(({ name, ...p }) => [name, p]));
  const r = await call(a, keysUrl(a), fetcher, 'POST', { generation, envelopes });
  if (r.status === 409) throw new StaleKeyring();
  if (!r.ok) throw new KeyAccessError('refused', `${r.status} ${await r.text().catch(() => '')}`);
}

/** The members holding an envelope, with their public keys (registrars only). */
export async function listMembers(
  a: SyncAccount,
  fetcher: typeof fetch = fetch,
): Promise<{ name: string; publicKey: string; keyIds: string[] }[]> {
  const r = await call(a, keysUrl(a), fetcher);
  if (!r.ok) throw new KeyAccessError('refused', String(r.status));
  const { members } = (await r.json()) as {
    members?: { name: string; publicKey: string; keyIds: string[] }[];
  };
  // No list: the server does not count this account a registrar of the school (made teacher meanwhile).
  if (!Array.isArray(members)) throw new KeyAccessError('refused', '403');
  return members;
}

const opened = new Map<string, Promise<Keyring>>();

const officeTaken = new Set<(names: string[]) => void>();
/**
 * Hears, in this page or worker, the names of colleagues whose office key this registrar's device took back
 * (whichever call opened the keys: a sync or the 成员密钥 page). Returns the way to stop listening.
 */
export function whenOfficeTaken(listener: (names: string[]) => void): () => void {
  officeTaken.add(listener);
  return () => officeTaken.delete(listener);
}
/**
 * One settling of the office key at a time per account in this page or worker (a sync and the page open the
 * keys side by side: two turning the keyring at once would hand members different keyrings); `turned` counts
 * the keyrings turned, so a call that read the envelope before a turn opens it again.
 */
const settling = new Map<string, Promise<unknown>>();
const turned = new Map<string, number>();

/**
 * This member's school keyring: from their envelope on the server, opened with their password (kept in
 * memory for the life of this page or worker, keyed by the envelope). The school's first registrar, finding
 * no keyring anywhere, makes one. On a registrar's device it also settles who holds the office key
 * (`settleOfficeKey`; `whenOfficeTaken` hears from whom it was taken back).
 */
export async function schoolKeyring(
  a: SyncAccount,
  fetcher: typeof fetch = fetch,
  tries = 1,
): Promise<Keyring> {
  const who = `${a.url}\n${a.school}\n${a.user}`;
  const seen = turned.get(who) ?? 0;
  const registrar = (a.roles ?? []).includes('registrar');
  // Read before the envelope: a turn this device makes from it is taken only if nobody turned in between.
  // (Undefined when the server will not say: this device then turns nothing, and says why when it reads on.)
  const generation = registrar ? await keyringGeneration(a, fetcher).catch(() => undefined) : undefined;
  const e = await readEnvelope(a, fetcher);
  if (!e) {
    if (!(a.roles ?? []).includes('registrar')) throw new KeyAccessError('no-key');
    const r = await call(a, keysUrl(a), fetcher);
    if (!r.ok) throw new KeyAccessError('refused', String(r.status));
    const { exists } = (await r.json()) as { exists: boolean };
    // Keys exist but not for this registrar: another registrar grants them (a second keyring would split
    // the school in two).
    if (exists) throw new KeyAccessError('no-key');
    const data = newKeyringData();
    // Another device (or page) of this registrar made one meanwhile: theirs is the school's.
    if (!(await putEnvelope(a, a.user, await makeEnvelope(data, a.password), fetcher, '?create=1')))
      return schoolKeyring(a, fetcher);
    return openKeyring(data);
  }
  // The keys changed on the server while this device turned them (another registrar): read them again.
  const again = () => {
    if (tries >= TRIES) throw new KeyAccessError('refused', '409 学校密钥一直在被其他设备更新，请稍后再试');
    return schoolKeyring(a, fetcher, tries + 1);
  };
  const cacheKey = `${a.url}\n${a.school}\n${a.user}\n${a.password}\n${e.keyring}\n${e.privateKey}`;
  let k = opened.get(cacheKey);
  if (!k) {
    k = openEnvelope(e, a.password).then(async (data) =>
      openKeyring(!data.office && registrar ? await addOfficeKey(a, e, data, generation, fetcher) : data),
    );
    opened.set(cacheKey, k);
    k.catch(() => opened.delete(cacheKey));
  }
  let keyring: Keyring;
  try {
    keyring = await k;
  } catch (err) {
    if (err instanceof StaleKeyring) return again();
    throw err;
  }
  if (!registrar || !keyring.data.office) return keyring;
  const run = (settling.get(who) ?? Promise.resolve())
    .catch(() => {})
    .then(async () => {
      if ((turned.get(who) ?? 0) !== seen) return undefined; // turned meanwhile: this envelope is old
      const settled = await settleOfficeKey(a, keyring.data, generation, fetcher);
      if (settled.taken.length) turned.set(who, seen + 1);
      return settled;
    });
  settling.set(who, run);
  let settled: Awaited<typeof run>;
  try {
    settled = await run;
  } catch (err) {
    if (!(err instanceof StaleKeyring)) throw err;
    // Another device (the worker's sync, a colleague's) turned first: the keys read again settle the rest, and
    // whose office key was being taken back is still said here, once, if that read took nothing itself.
    const before = told;
    const next = await again();
    if (err.taken.length && told === before) tell(err.taken);
    return next;
  }
  if (!settled) return schoolKeyring(a, fetcher, tries);
  if (settled.taken.length) tell(settled.taken);
  return settled.data === keyring.data ? keyring : openKeyring(settled.data);
}

const OFFICE_ROLES = ['registrar', 'leader', 'admin'];

/**
 * Whether a colleague is a registrar or a leader, from the school's staff list on the server
 * (`/_baoxue/school/<school>/staff`). Anything else — a teacher, a name not on the list, a server that cannot
 * say — is not: the office key is never handed out on a guess.
 */
async function officeStaff(a: SyncAccount, fetcher: typeof fetch): Promise<Set<string>> {
  return (await officeStaffKnown(a, fetcher)) ?? new Set();
}
/** The same, undefined when the server cannot say (then nobody's office key is taken back on a guess either). */
async function officeStaffKnown(a: SyncAccount, fetcher: typeof fetch): Promise<Set<string> | undefined> {
  const staff = await staffList(a, fetcher);
  return (
    staff && new Set(staff.filter((m) => m.roles?.some((r) => OFFICE_ROLES.includes(r))).map((m) => m.name))
  );
}
/** Everyone the server's staff list names, whatever their role; undefined when the server cannot say. */
async function staffNames(a: SyncAccount, fetcher: typeof fetch): Promise<Set<string> | undefined> {
  const staff = await staffList(a, fetcher);
  return staff && new Set(staff.map((m) => m.name));
}
async function staffList(
  a: SyncAccount,
  fetcher: typeof fetch,
): Promise<{ name: string; roles?: string[] }[] | undefined> {
  try {
    const r = await call(a, `${a.url}_baoxue/school/${encodeURIComponent(a.school)}/staff`, fetcher);
    if (!r.ok) return undefined;
    const { staff } = (await r.json()) as { staff?: { name: string; roles?: string[] }[] };
    return Array.isArray(staff) ? staff : undefined;
  } catch {
    return undefined;
  }
}
const isOffice = async (a: SyncAccount, member: string, fetcher: typeof fetch) =>
  (await officeStaff(a, fetcher)).has(member);

/**
 * A registrar's device settles who holds the office key, each time the keys are opened: one look at the
 * members' key ids, the staff list only when someone lacks the current office key or holds one.
 * - A member holding an office key who is no registrar or leader now (a registrar made teacher on the server)
 *   loses it as on a removal: the keyring turns (`rotated`, a new office key) and they get the new one without
 *   the office part (`withoutOffice`: nor the office's id key), so identity written from now on is sealed
 *   under a key they never had. What they opened before cannot be taken back. Their name is in `taken`.
 * - The registrars and leaders who lack the current office key (a teacher made registrar, a leader granted
 *   before the staff list said so) are handed it.
 * Only on the server's word: a staff list that cannot be read takes nothing back and hands nothing out.
 */
async function settleOfficeKey(
  a: SyncAccount,
  data: KeyringData,
  generation: number | undefined,
  fetcher: typeof fetch,
): Promise<{ data: KeyringData; taken: string[] }> {
  const current = data.office?.current;
  const unchanged = { data, taken: [] as string[] };
  if (!current) return unchanged;
  const members = await listMembers(a, fetcher).catch(() => []);
  const own = members.find((m) => m.name === a.user);
  const others = members.filter((m) => m.name !== a.user);
  const holders = others.filter((m) => m.keyIds.some(isOfficeKeyId));
  const lacking = others.filter((m) => !m.keyIds.includes(current));
  if (!holders.length && !lacking.length) return unchanged;
  const office = await officeStaffKnown(a, fetcher);
  if (!office) return unchanged;
  const taken = holders.filter((m) => !office.has(m.name)).map((m) => m.name);
  if (taken.length) {
    if (!own) return unchanged;
    // They leave with the id key too (it does not turn): 成员密钥 names them and offers 更换编号密钥.
    const next = leftWith(rotated(data), taken);
    // Every envelope at once, on the generation read before these keys (a registrar turning them meanwhile:
    // refused, and this device reads the keys again).
    const parts = [await partFor(own, next)];
    for (const m of others) parts.push(await partFor(m, office.has(m.name) ? next : withoutOffice(next)));
    try {
      await writeKeyrings(a, generation, parts, fetcher);
    } catch (err) {
      throw err instanceof StaleKeyring ? new StaleKeyring(taken) : err;
    }
    return { data: next, taken };
  }
  const parts = [];
  for (const m of lacking) if (office.has(m.name)) parts.push(await partFor(m, data));
  await writeKeyrings(a, generation, parts, fetcher);
  return unchanged;
}

/**
 * A school keyring from before office keys: the first registrar's device to open it adds one, for itself and
 * for the colleagues the staff list names registrar or leader (others get it when granted again).
 */
async function addOfficeKey(
  a: SyncAccount,
  own: Envelope,
  data: KeyringData,
  generation: number | undefined,
  fetcher: typeof fetch,
): Promise<KeyringData> {
  // Another member holds one already (this registrar was a teacher until now): theirs is the school's, and a
  // registrar who holds it hands it over (`handOfficeKey`); a second one would split the school's records.
  // Who is office staff the server's roles say, never the key ids in an envelope.
  const members = await listMembers(a, fetcher).catch(() => []);
  const office = await officeStaff(a, fetcher);
  if (members.some((m) => m.name !== a.user && office.has(m.name) && holdsOffice(m.keyIds))) return data;
  const next = withOffice(data);
  const parts = [await partFor({ name: a.user, publicKey: own.publicKey }, next)];
  for (const m of members) if (m.name !== a.user && office.has(m.name)) parts.push(await partFor(m, next));
  await writeKeyrings(a, generation, parts, fetcher);
  return next;
}

/**
 * A registrar hands the school's keys to a member (new, or whose password was forgotten and reset by the
 * admin) for the one-time password the member will replace at first sign-in. The office key only to a
 * registrar or a leader: `office` says so, or else the school's staff list on the server does.
 */
export async function grantMember(
  a: SyncAccount,
  member: string,
  oneTimePassword: string,
  fetcher: typeof fetch = fetch,
  office?: boolean,
): Promise<{ office: boolean }> {
  const toOffice = office ?? (await isOffice(a, member, fetcher));
  return retrying(async () => {
    // The generation before the keys: a grant made on keys turned meanwhile is refused and made again.
    const generation = await keyringGeneration(a, fetcher);
    const k = await schoolKeyring(a, fetcher);
    const data = toOffice ? k.data : withoutOffice(k.data);
    await putEnvelope(
      a,
      member,
      await makeEnvelope(data, oneTimePassword),
      fetcher,
      `?generation=${generation}`,
    );
    return { office: toOffice && !!k.data.office };
  });
}

/** After this member's password changed on the server: their private key re-wrapped for the new one. */
export async function rewrapOwnKey(
  a: SyncAccount,
  oldPassword: string,
  fetcher: typeof fetch = fetch,
): Promise<void> {
  const e = await readEnvelope({ ...a }, fetcher);
  if (!e) return; // nothing granted yet: nothing to re-wrap
  // The private key's wrapping only: the keyring is left as the server has it (a rotation meanwhile stays).
  const { privateKey, salt, iterations } = await rewrapEnvelope(e, oldPassword, a.password);
  await putEnvelope(a, a.user, { privateKey, salt, iterations }, fetcher);
}

/**
 * A member removed from the school (their account deleted by the admin): their envelope is deleted and
 * the keyring rotated for everyone who still belongs, so what is written from now on is sealed with a key
 * the removed member never had. Older keys stay in the keyring (older records still open).
 */
export async function removeMember(
  a: SyncAccount,
  member: string,
  fetcher: typeof fetch = fetch,
  /**
   * `accountDeleted`: the registrar confirmed the name is an account the admin deleted (its envelopes went with
   * it, server/auth/keys.ts `forgetKeys`), so a name holding no envelope and no staff of the school still turns
   * the key. Without it such a name is refused (`no-member`): on the server it cannot be told from a misspelling.
   */
  opts: { accountDeleted?: boolean } = {},
): Promise<void> {
  // Whether they held the office key (their id key then leaves with them: `idKeyLeftWith`).
  const leaving = (await listMembers(a, fetcher)).find((m) => m.name === member);
  // A name that holds no envelope and is no staff of the school (a misspelling): refused before anything
  // changes, so the key is not turned and the colleague who left is not thought gone while still holding keys.
  if (!leaving && !opts.accountDeleted && !(await staffNames(a, fetcher))?.has(member))
    throw new KeyAccessError('no-member', member);
  const heldOffice = !!leaving?.keyIds.some(isOfficeKeyId);
  const r = await call(a, keysUrl(a, member), fetcher, 'DELETE');
  // The last envelope holding the office key (server/auth/keys.ts): said as such, so 成员密钥 says who first.
  if (r.status === 409) throw new KeyAccessError('last-office', member);
  if (!r.ok && r.status !== 404) throw new KeyAccessError('refused', String(r.status));
  // All members' keyrings at once, on the generation read before the keys: another registrar turning them
  // meanwhile has this turn refused, and it is made again from the keyring they left (theirs stays in it).
  await retrying(async () => {
    const generation = await keyringGeneration(a, fetcher);
    const k = await schoolKeyring(a, fetcher);
    const next = leftWith(rotated(k.data), heldOffice ? [member] : []);
    // The new office key to the registrars and leaders the server's staff list names, and to nobody else: an
    // envelope's key ids are no proof (a registrar made teacher still lists the old office key's id).
    const office = await officeStaff(a, fetcher);
    const parts = [];
    for (const m of await listMembers(a, fetcher))
      parts.push(await partFor(m, m.name === a.user || office.has(m.name) ? next : withoutOffice(next)));
    await writeKeyrings(a, generation, parts, fetcher);
  });
}

/**
 * 更换编号密钥, the keys' part (lib/sync/reid.ts re-writes the records): an old keyring, whose id key teachers
 * hold, replaced by one with a new office-only id key for children (sealed.ts `reIdentified`), handed to every
 * member whose envelope lacks it — office staff (by the server's staff list) and this registrar the whole
 * keyring, anyone else without the office part. Run again, it hands it to whoever still lacks it (an
 * interrupted run): the new keyring is made once, in this registrar's own envelope first.
 */
export async function reIdentifyKeys(a: SyncAccount, fetcher: typeof fetch = fetch): Promise<Keyring> {
  return retrying(async () => {
    const generation = await keyringGeneration(a, fetcher);
    const k = await schoolKeyring(a, fetcher);
    if (!k.office) throw new KeyAccessError('no-key', 'office');
    const next = replacedIdKey(k.data);
    const office = await officeStaff(a, fetcher);
    const members = await listMembers(a, fetcher);
    if (next !== k.data && !members.some((m) => m.name === a.user)) throw new KeyAccessError('no-key');
    // This registrar's own envelope with the rest, all at once (on the generation read before the keys).
    const parts = [];
    for (const m of members) {
      if (m.name === a.user ? next === k.data : m.keyIds.includes(next.current)) continue;
      parts.push(await partFor(m, m.name === a.user || office.has(m.name) ? next : withoutOffice(next)));
    }
    await writeKeyrings(a, generation, parts, fetcher);
    return next === k.data ? k : openKeyring(next);
  });
}
