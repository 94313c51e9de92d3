/**
 * `mevault requester init | request | verify` as real processes: what a company runs. Answers are
 * made by MeVault's own core, as a person's MeVault makes them.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseRequest } from '../../src/core/requests/parse-request.js'
import { cliSandbox } from '../helpers/cli.js'
import { answerAsMeVault } from './person-answer.js'

const URL_ = 'https://nordbank.example.com'

function requesterFolder() {
  const cli = cliSandbox()
  const dir = join(cli.root, 'nordbank')
  const init = cli.run(['requester', 'init', '--name', 'Nordbank Savings', '--url', URL_, '--out', dir])
  expect(init.stderr).toContain('Serve ')
  expect(init.code).toBe(0)
  const requestFile = join(cli.root, 'kyc.jws')
  const made = cli.run([
    'requester', 'request', '--dir', dir, '--claims', 'given_name,family_name', '--optional', 'email',
    '--purpose', 'Open a savings account', '--retention', 'P30D', '--compensation', '5 EUR',
    '--use', 'named-third-parties', '--third-party', 'Nordic Credit Bureau',
    '--response-uri', `${URL_}/answers`, '--out', requestFile
  ])
  expect(made.stderr).toBe('')
  expect(made.code).toBe(0)
  return { cli, dir, requestFile, requestText: readFileSync(requestFile, 'utf8') }
}

describe('mevault requester init', () => {
  it('makes owner-only key files and www/.well-known/did.json, and never overwrites them', () => {
    const cli = cliSandbox()
    const dir = join(cli.root, 'nordbank')
    const init = cli.run(['requester', 'init', '--name', 'Nordbank Savings', '--url', 'https://nordbank.example.com:8443', '--out', dir, '--json'])
    expect(init.code).toBe(0)
    const printed = JSON.parse(init.stdout) as { id: string; didWeb: string }
    expect(printed.didWeb).toBe('did:web:nordbank.example.com%3A8443')
    for (const file of ['signing-key.json', 'sealing-key.json']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600)
    const document = JSON.parse(readFileSync(join(dir, 'www', '.well-known', 'did.json'), 'utf8'))
    expect(document.id).toBe('did:web:nordbank.example.com%3A8443')
    expect(document.verificationMethod[0].publicKeyMultibase).toBe(printed.id.slice('did:key:'.length))
    const signingKey = readFileSync(join(dir, 'signing-key.json'), 'utf8')

    const again = cli.run(['requester', 'init', '--name', 'Impostor', '--url', 'https://evil.example', '--out', dir])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/^mevault: .*already exists; refusing to overwrite a requester's keys/)
    expect(readFileSync(join(dir, 'signing-key.json'), 'utf8')).toBe(signingKey)
  })

  it('refuses a url that is not https, carries user-info or is an IP address, in one line', () => {
    const cli = cliSandbox()
    const plain = cli.run(['requester', 'init', '--name', 'N', '--url', 'http://nordbank.example.com', '--out', join(cli.root, 'a')])
    expect([plain.code, plain.stderr]).toEqual([2, 'mevault: The requester url must be an https:// address\n'])
    const hidden = cli.run(['requester', 'init', '--name', 'N', '--url', 'https://www.paypal.com@evil.example/', '--out', join(cli.root, 'b')])
    expect([hidden.code, hidden.stderr]).toEqual([2, 'mevault: The requester url must not carry a user name or password\n'])
    const address = cli.run(['requester', 'init', '--name', 'N', '--url', 'https://127.0.0.1:8443', '--out', join(cli.root, 'c')])
    expect([address.code, address.stderr]).toEqual([2, 'mevault: The requester url must be https:// with a domain name (not an IP address), as requests carry it\n'])
    expect(existsSync(join(cli.root, 'a'))).toBe(false)
  })
})

describe('mevault requester request', () => {
  it('writes a request MeVault reads as validly signed, asking by claim, with the declared use', async () => {
    const { requestText, dir } = requesterFolder()
    const parsed = await parseRequest(requestText, { now: new Date() })
    expect(parsed.signature.status).toBe('valid')
    expect(parsed.request.fields.map((field) => [field.claim, field.required])).toEqual([
      ['given_name', true],
      ['family_name', true],
      ['email', false]
    ])
    expect(parsed.request.use).toEqual({ sharing: 'named-third-parties', thirdParties: ['Nordic Credit Bureau'] })
    expect(parsed.request.responseUri).toBe(`${URL_}/answers`)
    // Kept in the folder, where `requester serve` publishes it.
    expect(readFileSync(join(dir, 'requests', `${parsed.sha256}.jws`), 'utf8')).toBe(requestText)
  })

  it('refuses an unknown claim, a bad duration, a bad declared use and an existing file, each in one line', () => {
    const { cli, dir, requestFile } = requesterFolder()
    const base = ['requester', 'request', '--dir', dir, '--purpose', 'x', '--out', join(cli.root, 'new.jws')]
    const typo = cli.run([...base, '--claims', 'givenname', '--retention', 'P30D'])
    expect([typo.code, typo.stderr]).toEqual([2, 'mevault: "givenname" is not a claim MeVault knows (see `mevault claims`)\n'])
    const duration = cli.run([...base, '--claims', 'email', '--retention', '30d'])
    expect(duration.code).toBe(2)
    expect(duration.stderr).toMatch(/^mevault: The request is not valid: retention: must be an ISO 8601 duration[^\n]*\n$/)
    const exists = cli.run(['requester', 'request', '--dir', dir, '--claims', 'email', '--purpose', 'x', '--retention', 'P30D', '--out', requestFile])
    expect(exists.code).toBe(2)
    expect(exists.stderr).toContain('already exists')
    const use = cli.run([...base, '--claims', 'email', '--retention', 'P30D', '--use', 'sold'])
    expect([use.code, use.stderr]).toEqual([2, 'mevault: --use must be one of requester-only, named-third-parties, aggregate-only, sold-individually\n'])
    const orphan = cli.run([...base, '--claims', 'email', '--retention', 'P30D', '--third-party', 'Acme'])
    expect([orphan.code, orphan.stderr]).toEqual([2, 'mevault: --third-party needs --use named-third-parties\n'])
    const noFolder = cli.run([...base, '--claims', 'email', '--retention', 'P30D', '--dir', join(cli.root, 'nowhere')])
    expect(noFolder.code).toBe(5)
  })
})

describe('mevault requester verify', () => {
  const now = () => new Date()

  it('opens a sealed answer with the folder’s key, prints the claims, exits 0', async () => {
    const { cli, dir, requestFile, requestText } = requesterFolder()
    const { answer } = await answerAsMeVault(requestText, { given_name: 'Ada', family_name: 'Lovelace' }, { now: now() })
    writeFileSync(join(cli.root, 'answer.json'), answer)
    const result = cli.run(['requester', 'verify', 'answer.json', '--request', requestFile, '--dir', dir])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Valid answer to urn:uuid:[0-9a-f-]+ \(sealed\) from did:key:z6Mk\w+, may be kept until /)
    expect(result.stdout).toContain('given_name: Ada\nfamily_name: Lovelace\n')

    const json = cli.run(['requester', 'verify', 'answer.json', '--request', requestFile, '--dir', dir, '--json'])
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, sealed: true, claims: { given_name: 'Ada', family_name: 'Lovelace' } })
  })

  it('exits 4 with one line naming the failed check: tampered, another request, not sealed to us', async () => {
    const { cli, dir, requestFile, requestText } = requesterFolder()
    const { answer } = await answerAsMeVault(requestText, { given_name: 'Ada', family_name: 'Lovelace' }, { now: now() })
    const envelope = JSON.parse(answer) as { ciphertext: string }
    const c = envelope.ciphertext
    writeFileSync(join(cli.root, 'tampered.json'), JSON.stringify({ ...envelope, ciphertext: c.slice(0, 50) + (c[50] === 'x' ? 'y' : 'x') + c.slice(51) }))
    const tampered = cli.run(['requester', 'verify', 'tampered.json', '--request', requestFile, '--dir', dir])
    expect([tampered.code, tampered.stdout]).toEqual([4, ''])
    expect(tampered.stderr).toBe('mevault: Answer refused: envelope: the sealed answer does not open: it was altered or is not meant for this requester\n')

    const second = join(cli.root, 'second.jws')
    expect(cli.run(['requester', 'request', '--dir', dir, '--claims', 'given_name', '--purpose', 'x', '--retention', 'P1D', '--out', second]).code).toBe(0)
    writeFileSync(join(cli.root, 'answer.json'), answer)
    const other = cli.run(['requester', 'verify', 'answer.json', '--request', second, '--dir', dir])
    expect([other.code, other.stderr]).toEqual([4, 'mevault: Answer refused: request: answers a request with another id\n'])

    const elsewhere = join(cli.root, 'elsewhere')
    expect(cli.run(['requester', 'init', '--name', 'Other', '--url', 'https://other.example', '--out', elsewhere]).code).toBe(0)
    const notOurs = cli.run(['requester', 'verify', 'answer.json', '--request', requestFile, '--dir', elsewhere])
    expect([notOurs.code, notOurs.stderr]).toEqual([4, 'mevault: Answer refused: requester: the request was not signed by this requester’s key\n'])
    // No value of the person's reaches the terminal when an answer is refused.
    for (const run of [tampered, other, notOurs]) expect(run.stderr + run.stdout).not.toMatch(/Ada|Lovelace/)
  })

  it('says what is missing: the folder for a sealed answer, an answer file that is not there', async () => {
    const { cli, requestFile, requestText } = requesterFolder()
    const { answer } = await answerAsMeVault(requestText, { given_name: 'Ada' }, { now: now() })
    writeFileSync(join(cli.root, 'answer.json'), answer)
    const noDir = cli.run(['requester', 'verify', 'answer.json', '--request', requestFile])
    expect([noDir.code, noDir.stderr]).toEqual([2, 'mevault: The answer is sealed: give --dir DIR (the requester folder) to open it with your sealing key\n'])
    const missing = cli.run(['requester', 'verify', 'nothing.json', '--request', requestFile])
    expect(missing.code).toBe(5)
    expect(missing.stderr).toMatch(/^mevault: No answer file at .*nothing\.json\n$/)
    writeFileSync(join(cli.root, 'junk.txt'), 'hello')
    const junk = cli.run(['requester', 'verify', 'junk.txt', '--request', requestFile])
    expect(junk.code).toBe(4)
    expect(junk.stderr).toMatch(/^mevault: Answer refused: format: [^\n]+\n$/)
  })
})
