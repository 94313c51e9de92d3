import { signingKeyPairFromSecret, type SigningKeyPair } from '../crypto/identity.js'
import { loadSodium, sodium } from '../crypto/sodium.js'

/**
 * Fixed, public keys for test vectors and examples. NEVER use them for anything real.
 * Person: RFC 8032 §7.1 TEST 1 seed. Requester: TEST 2 seed. Requester sealing key: X25519 from
 * the seed 0x01 × 32 (crypto_box_seed_keypair).
 */
export const PERSON_SEED_HEX = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
export const REQUESTER_SEED_HEX = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'
export const REQUESTER_BOX_SEED_HEX = '01'.repeat(32)

export interface TestKeys {
  person: SigningKeyPair
  requester: SigningKeyPair
  requesterBox: { publicKey: Uint8Array; privateKey: Uint8Array }
}

export async function testKeys(): Promise<TestKeys> {
  await loadSodium()
  const s = sodium()
  const signing = (seedHex: string) => signingKeyPairFromSecret(s.crypto_sign_seed_keypair(s.from_hex(seedHex)).privateKey)
  const box = s.crypto_box_seed_keypair(s.from_hex(REQUESTER_BOX_SEED_HEX))
  return {
    person: signing(PERSON_SEED_HEX),
    requester: signing(REQUESTER_SEED_HEX),
    requesterBox: { publicKey: box.publicKey, privateKey: box.privateKey }
  }
}
