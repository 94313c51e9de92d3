import type { Command } from 'commander'
import type { PacketVerification } from '../../core/packets/verify-packet.js'
import { MeVaultError } from '../../shared/errors.js'
import { out, printJson } from '../output.js'
import { escapeForTerminal, shown } from '../terminal-text.js'
import { readInputFile } from './input-file.js'

const MARK = { pass: '✓', fail: '✗', skip: '-' } as const

/** For recipients: needs no vault. Exit 0 only when every check holds, else INTEGRITY naming the check. */
export function registerPacket(program: Command): void {
  const packet = program.command('packet').description('check packets (for the recipient; needs no vault)')

  packet
    .command('verify <file>')
    .description('check a packet’s signature, did:key and expiry; with --request also its nonce, audience and request hash')
    .option('--request <file>', 'the request the packet answers, exactly as it was sent')
    .option('--json', 'print every check as JSON')
    .action(async (file: string, options: { request?: string; json?: boolean }) => {
      const [{ SEALED_PACKET_TYPE }, { verifyPacket }] = await Promise.all([
        import('../../core/packets/seal.js'),
        import('../../core/packets/verify-packet.js')
      ])
      const text = readInputFile(file, 'packet').toString('utf8').trim()
      refuseSealedEnvelope(text, SEALED_PACKET_TYPE)
      const request = options.request === undefined ? undefined : readInputFile(options.request, 'request')
      const result = await verifyPacket(text, request === undefined ? {} : { request })
      if (options.json) printJson(result)
      else out(verificationText(result, request !== undefined))
      if (!result.valid) throw new MeVaultError('INTEGRITY', `Packet refused: ${result.reason ?? 'not valid'}`)
    })
}

function refuseSealedEnvelope(text: string, sealedType: string): void {
  if (!text.startsWith('{')) return
  let envelope: { type?: unknown; to?: unknown }
  try {
    envelope = JSON.parse(text) as { type?: unknown; to?: unknown }
  } catch {
    return // not JSON: the format check will say what is wrong
  }
  if (envelope?.type !== sealedType) return
  // `to` is the sender's text: main() prints errors escaped, and it is cut short here.
  const to = typeof envelope.to === 'string' ? ` to ${escapeForTerminal(envelope.to.slice(0, 80))}` : ''
  throw new MeVaultError(
    'BAD_INPUT',
    `This is a sealed packet (${sealedType})${to}: only the recipient can open it, with their X25519 key ` +
      '(libsodium crypto_box_seal_open, see docs/formats/packet.md); verify the packet inside once opened'
  )
}

function verificationText(result: PacketVerification, withRequest: boolean): string {
  const width = Math.max(...result.checks.map((check) => check.name.length))
  // A check's detail can quote the packet or the request (an audience, a reason): the sender's text.
  const lines = result.checks.map((check) => `${MARK[check.status]} ${check.name.padEnd(width)}  ${escapeForTerminal(check.detail)}`)
  if (result.valid && result.payload) {
    const paths = Object.keys(result.payload.claims).map(escapeForTerminal)
    lines.push(
      '',
      shown`Valid packet from ${result.signer} to ${result.payload.aud}`,
      `${paths.length} claim(s): ${paths.length ? paths.join(', ') : '(none: a signed refusal)'}`
    )
    if (!withRequest) lines.push('Not checked against its request: give --request FILE to check nonce, audience and request hash.')
  }
  return `${lines.join('\n')}\n`
}
