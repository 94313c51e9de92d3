import type { Decision } from '../requests/decision.js'
import type { ParsedRequest } from '../requests/parse-request.js'
import type { Compensation, DeclaredUse } from '../requests/request-schema.js'

/** What the person chose: these requested keys (claims or paths), whatever the standing policy would share, or nothing. */
export type ApproveChoice = readonly string[] | 'policy' | 'deny'

export interface AnswerRequestInput {
  /** The request file exactly as received (its SHA-256 is bound into the packet and receipt). */
  requestBytes: Uint8Array | string
  approve: ApproveChoice
  /** Answer a request that was answered before (same requester, id and nonce). */
  again?: boolean
  /**
   * Seal the packet to the requester's X25519 key: true requires the request to give
   * `requester.publicKey`; 'if-asked' seals exactly when it does.
   */
  seal?: boolean | 'if-asked'
}

export type ReceiptOutcome = 'shared' | 'partly-shared' | 'refused'

/** A receipt as read back from the ledger (the signed JWS plus its decoded payload). */
export interface Receipt {
  id: string
  /** Absent: a mevault.request/1 answered with a packet; openid4vp: an OpenID4VP request answered with an SD-JWT VC. */
  protocol?: 'openid4vp'
  outcome: ReceiptOutcome
  request: { id: string; sha256: string; nonce: string }
  requester: { name: string; id: string; url: string }
  purpose: string
  /** The request's terms; `use` is what it declared happens to the data beyond its purpose; no retention: not stated (OpenID4VP). */
  terms: { retention?: string; compensation?: Compensation; use?: DeclaredUse }
  /** Vault paths whose values left in the packet. Values themselves are never in a receipt. */
  disclosed: string[]
  /** For the disclosed lines asked by claim: claim name → the vault path that answered it. */
  claims?: Record<string, string>
  /** Requested keys (claims or paths) not shared (declined, or not in the vault). */
  refused: string[]
  /** The subset of `refused` the vault does not hold. */
  missing: string[]
  packet: { sha256: string; sealed: boolean }
  /** ISO 8601 time of the answer. */
  at: string
  device: { id: string; name: string }
  /** The receipt of the earlier answer to the same request, when answered again. */
  repeatOf?: string
  /** The receipt itself: a compact JWS signed by the person's identity (see docs/ledger.md). */
  jws: string
  /** Set once consent was withdrawn (see withdraw()). */
  withdrawal?: { at: string; notice: string }
}

export interface AnswerResult {
  /** What to send back: the compact JWS, or the sealed envelope (JSON text) when sealed. */
  packet: string
  /** The signed packet itself (inside the envelope when sealed). */
  jws: string
  sealed: boolean
  receipt: Receipt
  decision: Decision
}

export interface RequestPreview {
  parsed: ParsedRequest
  decision: Decision
  /** The latest receipt for this same request (requester, id, nonce), if it was answered before. */
  answeredBefore?: Receipt
}

/** One "who has this field" line. */
export interface Holder {
  receiptId: string
  requester: { name: string; id: string; url: string }
  at: string
  purpose: string
  /** Absent when the request did not state one. */
  retention?: string
  /** What the request declared happens to the data beyond its purpose. */
  use?: DeclaredUse
  withdrawnAt?: string
}

export interface WithdrawResult {
  /** The signed withdrawal-of-consent notice (compact JWS) to send to the requester. */
  notice: string
  receipt: Receipt
  /** True when consent had already been withdrawn; the earlier notice is returned. */
  alreadyWithdrawn: boolean
}
