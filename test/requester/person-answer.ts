import { buildPacket } from '../../src/core/packets/build-packet.js'
import { fieldView } from '../../src/core/packets/packet-fixture.js'
import { sealPacket } from '../../src/core/packets/seal.js'
import { testKeys } from '../../src/core/packets/test-keys.js'
import type { SigningKeyPair } from '../../src/core/crypto/identity.js'
import { parseRequest } from '../../src/core/requests/parse-request.js'

/**
 * A person's answer made by MeVault's own core (buildPacket, sealPacket), as the app sends it:
 * `values` are the approved claims. The approval names the claims the way the consent screen
 * approves them (by requested key); each value stands in a field answering that claim.
 */
export async function answerAsMeVault(
  signedRequest: string,
  values: Record<string, string>,
  options: { now: Date; seal?: boolean; identity?: SigningKeyPair }
): Promise<{ answer: string; jws: string; sha256: string }> {
  const parsed = await parseRequest(signedRequest, { now: options.now })
  const identity = options.identity ?? (await testKeys()).person
  const fields = Object.entries(values).map(([claim, value]) => ({ ...fieldView(claim, value, 'restricted'), claim }))
  const approval = { request: { id: parsed.request.id, sha256: parsed.sha256 }, keys: Object.keys(values) }
  const packet = await buildPacket({ request: parsed, fields, approval, identity, now: options.now })
  const answer = options.seal === false ? packet.jws : await sealPacket(packet.jws, parsed.request)
  return { answer, jws: packet.jws, sha256: packet.sha256 }
}
