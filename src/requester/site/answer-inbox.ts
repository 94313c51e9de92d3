import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { decodeCompactJws, parseJsonObject } from '../../core/crypto/jws.js'
import { verifyWithdrawalNotice } from '../../core/ledger/withdrawal-notice.js'
import { packetSha256 } from '../../core/packets/verify-packet.js'
import { writePrivateFile } from '../../core/vault/write-private-file.js'
import { MeVaultError } from '../../shared/errors.js'
import { type KitFolder, recordedRequests } from '../kit-folder.js'
import { envelopeProblem, openAnswer } from '../open-answer.js'
import { verifyAnswer } from '../verify-answer.js'
import type { ArrivedAnswer } from './pages.js'

/** What the site answers a POST with, and the one log line about it (never a person's values). */
export interface InboxOutcome {
  status: number
  body: Record<string, unknown>
  logLine: string
}

/** Sealed answers as they arrived (ciphertext only: nothing readable on disk), by packet SHA-256. */
export const ANSWERS_DIR = 'answers'
const STORED = /^([0-9a-f]{64})\.json$/

/**
 * The answers that arrived at POST /answers, each verified with the kit against the request it
 * names. Sealed ones are kept in DIR/answers/ as received (only the sealing key opens them);
 * a withdrawal of consent erases the answer it names, and so does the end of its retention.
 */
export class AnswerInbox {
  readonly answers: ArrivedAnswer[] = []
  private readonly byPacket = new Map<string, ArrivedAnswer>()

  private constructor(
    private readonly folder: KitFolder,
    private readonly now: () => Date
  ) {}

  static async open(folder: KitFolder, now: () => Date): Promise<AnswerInbox> {
    const inbox = new AnswerInbox(folder, now)
    const dir = join(folder.dir, ANSWERS_DIR)
    if (!existsSync(dir)) return inbox
    for (const name of readdirSync(dir).sort()) {
      if (!STORED.test(name)) continue
      const outcome = await inbox.receiveAnswer(readFileSync(join(dir, name)), { stored: true })
      // Retention over (or the file spoiled): nothing may be kept any more.
      if (outcome.status !== 200) rmSync(join(dir, name), { force: true })
    }
    return inbox
  }

  async receiveAnswer(body: Uint8Array, { stored = false } = {}): Promise<InboxOutcome> {
    const keys = this.folder.profile.keys
    let jws: string
    let sealed: boolean
    try {
      ;({ jws, sealed } = await openAnswer(body, keys))
    } catch (error) {
      if (!(error instanceof MeVaultError)) throw error
      return refused(422, 'envelope', envelopeProblem(error))
    }
    const requestSha = answeredRequestSha(jws)
    if (requestSha === undefined) return refused(422, 'format', 'not a MeVault packet (a compact JWS naming the request it answers)')
    const request = recordedRequests(this.folder).find((recorded) => recorded.sha256 === requestSha)
    if (!request) return refused(404, 'request', 'it answers no request this requester made')
    const packetSha = await packetSha256(jws)
    if (this.byPacket.has(packetSha)) return refused(409, 'duplicate', 'this answer was received already')

    const result = await verifyAnswer(jws, { request: request.text, keys, now: this.now() })
    if (!result.valid || !result.claims || !result.person) {
      return refused(422, result.failedCheck ?? 'answer', result.reason?.replace(/^[a-z-]+: /, '') ?? 'not valid')
    }
    if (sealed && !stored) {
      mkdirSync(join(this.folder.dir, ANSWERS_DIR), { recursive: true, mode: 0o700 })
      writePrivateFile(join(this.folder.dir, ANSWERS_DIR, `${packetSha}.json`), body, { replace: false })
    }
    const arrived: ArrivedAnswer = {
      receivedAt: this.now(),
      requestId: result.request.id,
      person: result.person,
      sealed,
      keepUntil: result.keepUntil ?? '',
      claims: result.claims
    }
    this.answers.push(arrived)
    this.byPacket.set(packetSha, arrived)
    const count = Object.keys(result.claims).length
    return {
      status: 200,
      body: { status: 'accepted', request: result.request.id, claims: Object.keys(result.claims), missingRequired: result.missingRequired },
      logLine: `answer accepted for request ${result.request.id}: ${count} claim${count === 1 ? '' : 's'}${sealed ? ', sealed' : ''}`
    }
  }

  async receiveWithdrawal(body: Uint8Array): Promise<InboxOutcome> {
    let notice
    try {
      notice = await verifyWithdrawalNotice(new TextDecoder().decode(body))
    } catch (error) {
      if (!(error instanceof MeVaultError)) throw error
      return refused(422, 'withdrawal', error.message, 'withdrawal')
    }
    if (notice.aud !== this.folder.profile.keys.id) return refused(422, 'audience', 'the notice is addressed to another requester', 'withdrawal')
    if (!recordedRequests(this.folder).some((recorded) => recorded.sha256 === notice.request.sha256)) {
      return refused(404, 'request', 'it names no request this requester made', 'withdrawal')
    }
    const answer = this.byPacket.get(notice.packet.sha256)
    if (answer && answer.person !== notice.iss) return refused(422, 'issuer', 'the notice is signed by someone else than the answer', 'withdrawal')
    // Consent is withdrawn: the values go, from memory and from disk.
    rmSync(join(this.folder.dir, ANSWERS_DIR, `${notice.packet.sha256}.json`), { force: true })
    if (answer) {
      answer.claims = null
      answer.withdrawnAt = this.now()
    }
    return {
      status: 200,
      body: { status: 'withdrawn', request: notice.request.id, erased: Boolean(answer) },
      logLine: `withdrawal received for request ${notice.request.id}${answer ? ': the answer was erased' : ''}`
    }
  }
}

function refused(status: number, check: string, reason: string, kind: 'answer' | 'withdrawal' = 'answer'): InboxOutcome {
  return { status, body: { status: 'refused', check, reason }, logLine: `${kind} refused (${check}): ${reason}` }
}

/** The request SHA-256 an answer says it answers, read before verifying: it only picks the request to verify against. */
function answeredRequestSha(jws: string): string | undefined {
  try {
    const payload = parseJsonObject(decodeCompactJws(jws, 'The answer').payload, 'The answer payload')
    const request = payload.request as { sha256?: unknown } | undefined
    return typeof request?.sha256 === 'string' ? request.sha256 : undefined
  } catch {
    return undefined
  }
}
