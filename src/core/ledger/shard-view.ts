import type { ReceiptPayload } from './receipt.js'

/**
 * A month's receipts as the ledger's sealed view keeps them: one row per receipt with its own
 * values, and what receipts share (the requester, the purpose, the terms, the paths, the issuer,
 * the device) written once in a table the rows point into. Every "who has" and list after unlocking
 * opens all of a vault's shard views, so their size is that first call's cost: this form is about a
 * third of the payloads as JSON objects.
 */
export interface ShardView {
  /** Distinct shared values, each as its JSON text. */
  shared: string[]
  rows: ShardRow[]
}

type ShardRow = [
  id: string,
  iat: number,
  at: string,
  request: [id: string, sha256: string, nonce: string],
  packet: [sha256: string, sealed: boolean],
  repeatOf: string | null,
  /** Indexes into `shared`, in the order of SHARED_MEMBERS (decodeShardView reads them in that order). */
  ...shared: number[]
]

// `claims` came with requests that ask by claim, `protocol` with OpenID4VP: a row written before has no index for them.
const SHARED_MEMBERS = ['iss', 'outcome', 'requester', 'purpose', 'terms', 'disclosed', 'refused', 'missing', 'device', 'claims', 'protocol'] as const

export function encodeShardView(payloads: readonly ReceiptPayload[]): ShardView {
  const shared: string[] = []
  const indexOf = new Map<string, number>()
  const intern = (value: unknown): number => {
    const text = JSON.stringify(value)
    let index = indexOf.get(text)
    if (index === undefined) {
      index = shared.push(text) - 1
      indexOf.set(text, index)
    }
    return index
  }
  const rows = payloads.map((p): ShardRow => [
    p.id,
    p.iat,
    p.at,
    [p.request.id, p.request.sha256, p.request.nonce],
    [p.packet.sha256, p.packet.sealed],
    p.repeatOf ?? null,
    // Trailing nulls are left out: a MeVault receipt's row stays as short as before.
    ...trimmedNulls(SHARED_MEMBERS.map((member) => intern(p[member] ?? null)), intern(null))
  ])
  return { shared, rows }
}

/** The payloads again. Shared members are one frozen object for every receipt that has them. */
export function decodeShardView(view: ShardView): ReceiptPayload[] {
  const shared = view.shared.map((text) => deepFreeze(JSON.parse(text) as unknown))
  return view.rows.map(([id, iat, at, [requestId, sha256, nonce], [packetSha256, sealed], repeatOf, iss, outcome, requester, purpose, terms, disclosed, refused, missing, device, claims, protocol]) => {
    const payload = {
      id,
      iss: shared[iss!],
      iat,
      outcome: shared[outcome!],
      request: { id: requestId, sha256, nonce },
      requester: shared[requester!],
      purpose: shared[purpose!],
      terms: shared[terms!],
      disclosed: shared[disclosed!],
      refused: shared[refused!],
      missing: shared[missing!],
      packet: { sha256: packetSha256, sealed },
      at,
      device: shared[device!]
    } as ReceiptPayload
    if (repeatOf !== null) payload.repeatOf = repeatOf
    const claimPaths = claims === undefined ? null : (shared[claims] as ReceiptPayload['claims'] | null)
    if (claimPaths) payload.claims = claimPaths
    const protocolName = protocol === undefined ? null : (shared[protocol] as ReceiptPayload['protocol'] | null)
    if (protocolName) payload.protocol = protocolName
    return payload
  })
}

function trimmedNulls(indexes: number[], nullIndex: number): number[] {
  let end = indexes.length
  // The first nine members are always there; only the optional ones at the end may be dropped.
  while (end > 9 && indexes[end - 1] === nullIndex) end -= 1
  return indexes.slice(0, end)
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
