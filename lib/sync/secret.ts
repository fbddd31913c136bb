/**
 * The sync password is kept sealed, not in plain text: AES-GCM under a key this browser generated and
 * cannot export (WebCrypto), stored in its own small IndexedDB. Anyone copying the settings or a backup
 * gets ciphertext; the key never leaves this profile.
 */
import { CodedError, say } from '../say';

const DB = 'baoxue-keys';
const STORE = 'keys';
const KEY_ID = 'sync-password';

function keyStore<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = run(open.result.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => {
        resolve(req.result);
        open.result.close();
      };
      req.onerror = () => reject(req.error);
    };
  });
}

async function deviceKey(): Promise<CryptoKey> {
  const existing = await keyStore<CryptoKey | undefined>('readonly', (s) => s.get(KEY_ID));
  if (existing) return existing;
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  await keyStore('readwrite', (s) => s.put(key, KEY_ID));
  return key;
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export async function seal(secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await deviceKey(),
    new TextEncoder().encode(secret),
  );
  return `${b64(iv)}.${b64(new Uint8Array(data))}`;
}

export async function unseal(sealed: string): Promise<string> {
  const [iv, data] = sealed.split('.');
  if (!iv || !data) throw new CodedError(say('err_secret_malformed'));
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: unb64(iv) },
    await deviceKey(),
    unb64(data),
  );
  return new TextDecoder().decode(plain);
}
