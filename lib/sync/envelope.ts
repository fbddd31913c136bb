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
