import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { EXIT } from '../../src/cli/exit-codes.js'
import { didOf } from '../../src/core/crypto/identity.js'
import { loadSodium, sodium } from '../../src/core/crypto/sodium.js'
import { signCompactJws } from '../../src/core/crypto/jws.js'
import { SEALED_PACKET_TYPE } from '../../src/core/packets/seal.js'
import { testKeys } from '../../src/core/packets/test-keys.js'
import { encodeInviteCode } from '../../src/core/pairing/invite-code.js'
import { sampleRequest } from '../../src/core/requests/sample-request.js'
import { type CliResult, cliSandbox } from '../helpers/cli.js'
import { startCli } from '../helpers/cli-process.js'

/**
 * Text from outside reaches the terminal only escaped. Each hostile string holds what an attacker
 * would use: an OSC title change ended by BEL, "cursor up" and "erase line" (to rewrite the line
 * just printed), a C1 CSI, and a right-to-left override.
 */
const ATTACK = '\u001b]0;owned\u0007\u001b[1A\u001b[2K\u009b31m\u202e'
const SHOWN = '\\x1b]0;owned\\x07\\x1b[1A\\x1b[2K\\x9b31m\\u202e'
/** Any of these, raw, in what the CLI wrote (line feeds are the CLI's own). */
const RAW_UNSAFE = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u

function expectNothingRaw(result: Pick<CliResult, 'stdout' | 'stderr'>): void {
  expect(result.stdout).not.toMatch(RAW_UNSAFE)
  expect(result.stderr).not.toMatch(RAW_UNSAFE)
}

beforeAll(async () => {
  await loadSodium()
})

describe('foreign text on the terminal', () => {
  it('escapes a requester’s url, a signature header’s typ and a sealed envelope’s `to`', async () => {
    const cli = cliSandbox()
    expect(cli.run(['init']).code).toBe(EXIT.OK)
    expect(cli.run(['set', 'identity.full_name'], {}, 'Ada Lovelace\n').code).toBe(EXIT.OK)

    // The url passes the request schema (a valid https URL), escapes and all.
    const hostileUrl = `https://bank.example.com/${ATTACK}`
    const requestFile = join(cli.root, 'request.json')
    const request = sampleRequest({ requester: { ...sampleRequest().requester, url: hostileUrl } })
    writeFileSync(requestFile, JSON.stringify(request, null, 2))

    const show = cli.run(['request', 'show', requestFile])
    expect(show.code).toBe(EXIT.OK)
    expectNothingRaw(show)
    expect(show.stdout).toContain(`<https://bank.example.com/${SHOWN}>`)
    // --json stays JSON, and the same value comes back from it.
    const json = cli.run(['request', 'show', requestFile, '--json'])
    expectNothingRaw(json)
    expect(JSON.parse(json.stdout).requester.url).toBe(hostileUrl)

    const answer = cli.run(['request', 'answer', requestFile, '--approve', 'identity.full_name', '--out', join(cli.root, 'packet.jws')])
    expect(answer.code).toBe(EXIT.OK)
    expectNothingRaw(answer)
    expect(answer.stderr).toContain(SHOWN)
    const receipt = /Receipt: (\S+)/.exec(answer.stdout)![1]!
    const withdraw = cli.run(['ledger', 'withdraw', receipt, '--out', join(cli.root, 'notice.jws')])
    expect(withdraw.code).toBe(EXIT.OK)
    expectNothingRaw(withdraw)
    expect(withdraw.stderr).toContain(SHOWN)
    expectNothingRaw(cli.run(['ledger']))

    // A signed request whose header typ tries to overwrite the "INVALID" line it is quoted in.
    const { requester } = await testKeys()
    const header = { alg: 'EdDSA', typ: `\u001b[1A\u001b[2KSignature: valid${ATTACK}`, kid: didOf(requester) }
    const signed = signCompactJws(header, new TextEncoder().encode(JSON.stringify(sampleRequest())), requester.secretKey)
    writeFileSync(join(cli.root, 'signed.jws'), signed)
    const invalid = cli.run(['request', 'show', join(cli.root, 'signed.jws')])
    expect(invalid.code).toBe(EXIT.OK)
    expectNothingRaw(invalid)
    expect(invalid.stdout).toMatch(/Signature: {6}INVALID: the signature header has typ "\\x1b\[1A\\x1b\[2KSignature: valid\\x1b/)

    // A sealed envelope, given to `packet verify`: its `to` is quoted in the refusal.
    const envelope = join(cli.root, 'sealed.json')
    writeFileSync(envelope, JSON.stringify({ type: SEALED_PACKET_TYPE, to: `bank${ATTACK}` }))
    const sealed = cli.run(['packet', 'verify', envelope])
    expect(sealed.code).toBe(EXIT.BAD_INPUT)
    expectNothingRaw(sealed)
    expect(sealed.stderr).toContain(`sealed packet (${SEALED_PACKET_TYPE}) to bank${SHOWN}`)

    // File names and arguments are echoed too.
    const missing = cli.run(['request', 'show', join(cli.root, `missing${ATTACK}.json`)])
    expect(missing.code).toBe(EXIT.NOT_FOUND)
    expectNothingRaw(missing)
    expect(missing.stderr).toContain(`missing${SHOWN}.json`)
    const peer = cli.run(['sync', 'now', '--peer', `host${ATTACK}`])
    expect(peer.code).toBe(EXIT.BAD_INPUT)
    expectNothingRaw(peer)
    const unknown = cli.run([`frob${ATTACK}`])
    expect(unknown.code).toBe(EXIT.BAD_INPUT)
    expectNothingRaw(unknown)
    expect(unknown.stderr).toContain(`frob${SHOWN}`)
  }, 900_000) // eight runs that unlock the vault, each paying Argon2id (64 MiB)

  it('escapes the address inside an invitation code', () => {
    const s = sodium()
    // Node refuses this host name itself (EINVAL) before any lookup: nothing leaves the machine.
    const code = encodeInviteCode({
      host: `127.0.0.1${ATTACK}`,
      port: 9,
      inviterPublicKey: s.randombytes_buf(32),
      secret: s.randombytes_buf(16),
      expiresAt: new Date(Date.now() + 10 * 60_000)
    })
    const accept = cliSandbox().run(['pair', 'accept', code])
    expect(accept.code).toBe(EXIT.UNREACHABLE)
    expectNothingRaw(accept)
    expect(accept.stderr).toContain(`Nothing answered at 127.0.0.1${SHOWN}:9`)
  })

  it('escapes the name a joining device gives itself, wherever the inviting side shows it', async () => {
    const laptop = cliSandbox()
    const phone = cliSandbox()
    expect(laptop.run(['init']).code).toBe(EXIT.OK)
    const invite = startCli(['pair', 'invite', '--json'], laptop.env, laptop.root)
    const { code } = JSON.parse((await invite.waitFor(/\{[\s\S]*\}\n/))[0]) as { code: string }
    // Only what the inviting side prints matters here; how the joining side ends is test/sync's business.
    await phone.runAsync(['pair', 'accept', code, '--name', `phone${ATTACK}`])
    expect(await invite.exited).toBe(EXIT.OK)
    expectNothingRaw(invite)
    expect(invite.stderr).toContain(`Paired with phone${SHOWN}`)

    const devices = laptop.run(['devices'])
    expectNothingRaw(devices)
    expect(devices.stdout).toContain(`phone${SHOWN}`)
    const list = JSON.parse(laptop.run(['devices', '--json']).stdout) as Array<{ id: string; name: string }>
    const joined = list.find((device) => device.name === `phone${ATTACK}`)!
    const revoke = laptop.run(['devices', 'revoke', joined.id])
    expect(revoke.code).toBe(EXIT.OK)
    expectNothingRaw(revoke)
    expect(revoke.stdout).toContain(`Revoked phone${SHOWN}`)
  }, 900_000)
})
