/** A staff member's envelope of the school keyring, as the server stores it (see lib/sync/keys.ts). */
import { z } from '../zod';

export const Envelope = z.object({
  /** ECDH P-256 public key (SPKI, base64), in clear. */
  publicKey: z.string().max(200),
  /** PBKDF2 salt (base64) and iterations for the key that wraps the private key. */
  salt: z.string().max(64),
  iterations: z.number().int().min(100_000).max(10_000_000),
  /** The private key (PKCS#8), AES-GCM under the password-derived key: `<iv>.<ciphertext>`. */
  privateKey: z.string().max(1000),
  /** The keyring, encrypted to the public key: `<ephemeral public key>.<iv>.<ciphertext>`. */
  keyring: z.string().max(20_000),
  /** The ids of the keys inside (clear: lets a registrar see who lacks the newest). */
  keyIds: z.array(z.string().max(16)).max(1000),
});
export type Envelope = z.infer<typeof Envelope>;

/**
 * Whether a key id in an envelope names an office key (学籍号, 身份证件号: registrars and leaders only). Office
 * ids are `o` and 8 characters; a school key id is 8 characters, and may itself start with `o` (1 in 64). Deny by
 * default: any other id starting with `o` counts as office too, so the server refuses it to a teacher.
 */
export const isOfficeKeyId = (id: string) => id.startsWith('o') && !/^[A-Za-z0-9_-]{8}$/.test(id);
