import { beforeAll, describe, expect, it } from 'vitest'
import { loadSodium } from '../crypto/sodium.js'
import { fieldView } from '../packets/packet-fixture.js'
import { testKeys } from '../packets/test-keys.js'
import { approve, approveByPolicy, decide, refuseAll } from './decision.js'
import { parseRequest, type ParsedRequest } from './parse-request.js'
import { applyPreset, DEFAULT_POLICY, parsePolicy, type Policy, setRefuseSoldIndividually, setRequesterRule } from './policy.js'
import { signRequest } from './request-signature.js'
import { sampleRequest } from './sample-request.js'

const now = new Date('2026-01-15T10:00:00Z')
const REQUESTER = sampleRequest().requester.id
let unsigned: ParsedRequest
let signed: ParsedRequest

const request = sampleRequest({
  fields: [
    { path: 'contact.email', purpose: 'Newsletter', required: true },
    { path: 'identity.full_name', purpose: 'Greeting', required: false },
    { path: 'identity.passport_number', purpose: 'Identity check', required: true },
    { path: 'health.allergies', purpose: 'Catering', required: false }
  ]
})
const vault = [
  fieldView('contact.email', 'ada@example.org', 'public'),
  fieldView('identity.full_name', 'Ada Lovelace', 'restricted'),
  fieldView('health.allergies', 'Penicillin; also a very long list of other things that goes on', 'private'),
  fieldView('finance.iban', 'GB00 0000', 'private')
]

beforeAll(async () => {
  await loadSodium()
  unsigned = await parseRequest(JSON.stringify(request), { now })
  signed = await parseRequest(await signRequest(JSON.stringify(request), (await testKeys()).requester), { now })
})

const suggestions = (policy: Policy, parsed = unsigned) =>
  decide(parsed, vault, policy).lines.map((line) => `${line.path}=${line.suggestion}${line.defaultChoice ? '+' : ''}`)

describe('a decision', () => {
  it('lists every requested field: held with tier and preview, or missing and never invented', () => {
    const decision = decide(unsigned, vault, DEFAULT_POLICY)
    expect(decision.lines.map((line) => [line.path, line.held, line.tier])).toEqual([
      ['contact.email', true, 'public'],
      ['identity.full_name', true, 'restricted'],
      ['identity.passport_number', false, undefined],
      ['health.allergies', true, 'private']
    ])
    const missing = decision.lines[2]
    expect(missing).toMatchObject({ suggestion: 'missing', reason: 'not in your vault', defaultChoice: false })
    expect(missing).not.toHaveProperty('preview')
    expect(decision.missingRequired).toEqual(['identity.passport_number'])
    expect(decision.lines[3]?.preview).toBe('Penicillin; also a very long list of ot…')
    expect(Array.from(decision.lines[3]?.preview ?? '')).toHaveLength(40)
    // Fields nobody asked for do not appear at all.
    expect(JSON.stringify(decision)).not.toContain('iban')
  })

  it('follows the three presets, and pre-approves only what the policy shares', () => {
    expect(suggestions(DEFAULT_POLICY)).toEqual([
      'contact.email=ask',
      'identity.full_name=ask',
      'identity.passport_number=missing',
      'health.allergies=never'
    ])
    expect(suggestions(applyPreset(DEFAULT_POLICY, 'share-public'))).toEqual([
      'contact.email=share+',
      'identity.full_name=ask',
      'identity.passport_number=missing',
      'health.allergies=never'
    ])
    expect(suggestions(applyPreset(DEFAULT_POLICY, 'share-nothing'))).toEqual([
      'contact.email=never',
      'identity.full_name=never',
      'identity.passport_number=missing',
      'health.allergies=never'
    ])
    expect(suggestions(applyPreset(DEFAULT_POLICY, 'ask-me'))).toEqual([
      'contact.email=ask',
      'identity.full_name=ask',
      'identity.passport_number=missing',
      'health.allergies=ask'
    ])
  })

  it('applies requester rules; "allow" needs the requester’s own signature and never covers private fields', () => {
    const sharePublic = applyPreset(DEFAULT_POLICY, 'share-public')
    const blocked = setRequesterRule(sharePublic, REQUESTER, 'block')
    expect(suggestions(blocked)).toEqual([
      'contact.email=never',
      'identity.full_name=never',
      'identity.passport_number=missing',
      'health.allergies=never'
    ])
    expect(suggestions(setRequesterRule(sharePublic, REQUESTER, 'ask'))[0]).toBe('contact.email=ask')
    const allowed = setRequesterRule(sharePublic, REQUESTER, 'allow')
    expect(suggestions(allowed, signed)).toEqual([
      'contact.email=share+',
      'identity.full_name=share+',
      'identity.passport_number=missing',
      'health.allergies=never'
    ])
    // An unsigned request could come from anyone naming a trusted did:key.
    const unsignedLines = decide(unsigned, vault, allowed).lines
    expect(unsignedLines[1]).toMatchObject({ suggestion: 'ask', reason: expect.stringMatching(/not signed by them/) })
    expect(decide(unsigned, vault, allowed).requesterRule).toBe('allow')
    expect(setRequesterRule(allowed, REQUESTER, 'none').requesters).toEqual({})
  })

  it('validates an approved subset', () => {
    const decision = decide(unsigned, vault, DEFAULT_POLICY)
    const approval = approve(decision, ['health.allergies', 'contact.email', 'contact.email'])
    expect(approval).toEqual({ request: decision.request, keys: ['contact.email', 'health.allergies'] })
    expect(() => approve(decision, ['identity.passport_number'])).toThrow(
      'Cannot approve identity.passport_number: it is not in your vault'
    )
    expect(() => approve(decision, ['finance.iban'])).toThrow('Cannot approve "finance.iban": the request did not ask for it')
    expect(refuseAll(decision).keys).toEqual([])
    expect(approveByPolicy(decide(unsigned, vault, applyPreset(DEFAULT_POLICY, 'share-public'))).keys).toEqual([
      'contact.email'
    ])
  })

  it('reads a stored policy, refusing what the rules forbid', () => {
    expect(parsePolicy(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY)
    expect(() => parsePolicy({ tiers: { public: 'share', restricted: 'ask', private: 'share' }, requesters: {} })).toThrow(
      /tiers\.private/
    )
    expect(() => parsePolicy({ ...DEFAULT_POLICY, requesters: { 'did:web:x': 'allow' } })).toThrow(/requesters/)
    expect(() => setRequesterRule(DEFAULT_POLICY, 'someone', 'allow')).toThrow(/did:key/)
    expect(() => setRequesterRule(DEFAULT_POLICY, REQUESTER, 'always' as 'allow')).toThrow(/allow, ask, block or none/)
  })

  it('answers a claim line with the field tagged with that claim, under whatever name the person gave it', async () => {
    const byClaim = await parseRequest(
      JSON.stringify(
        sampleRequest({
          fields: [
            { claim: 'birthdate', purpose: 'Age check', required: true },
            { claim: 'given_name', purpose: 'Greeting', required: false },
            { claim: 'shoe_size', purpose: 'A claim no catalogue knows', required: false },
            { path: 'contact.email', purpose: 'Still asked by path', required: false }
          ]
        })
      ),
      { now }
    )
    const tagged = [
      { ...fieldView('me.born_on', '1815-12-10', 'restricted'), claim: 'birthdate' },
      // Named like the claim but not tagged: never guessed.
      fieldView('identity.given_name', 'Ada', 'private'),
      fieldView('contact.email', 'ada@example.org', 'public')
    ]
    const decision = decide(byClaim, tagged, DEFAULT_POLICY)
    expect(decision.lines.map((line) => [line.requestedKey, line.label, line.held, line.field ?? null, line.knownClaim ?? null])).toEqual([
      ['birthdate', 'Date of birth', true, 'me.born_on', true],
      ['given_name', 'First name', false, null, true],
      ['shoe_size', 'shoe_size', false, null, false],
      ['contact.email', 'contact.email', true, 'contact.email', null]
    ])
    expect(decision.lines[0]).toMatchObject({ claim: 'birthdate', tier: 'restricted', preview: '1815-12-10' })
    expect(decision.missingRequired).toEqual([])
    expect(approve(decision, ['birthdate', 'contact.email']).keys).toEqual(['birthdate', 'contact.email'])
    expect(() => approve(decision, ['me.born_on'])).toThrow('the request did not ask for it')
    expect(() => approve(decision, ['given_name'])).toThrow('Cannot approve given_name: it is not in your vault')
  })

  it('under "refuse requests that sell my data individually", refuses every line of such a request, and only of such a request', async () => {
    const selling = (sharing: 'sold-individually' | 'aggregate-only') =>
      parseRequest(JSON.stringify(sampleRequest({ ...request, use: { sharing } })), { now })
    const sold = await selling('sold-individually')
    const refusing = setRefuseSoldIndividually(applyPreset(DEFAULT_POLICY, 'share-public'), true)
    const decision = decide(sold, vault, refusing)
    expect(decision.refusal).toBe('you refuse requests that sell your data individually')
    expect(decision.lines.filter((line) => line.held).map((line) => [line.suggestion, line.reason, line.defaultChoice])).toEqual(
      Array(3).fill(['never', 'you refuse requests that sell your data individually', false])
    )
    expect(() => approve(decision, ['contact.email'])).toThrow(/you refuse requests that sell your data individually/)
    expect(refuseAll(decision).keys).toEqual([])
    // Without the refusal the same request is answered as the tiers say; an aggregate-only one is not refused.
    expect(approveByPolicy(decide(sold, vault, setRefuseSoldIndividually(refusing, false))).keys).toEqual(['contact.email'])
    expect(approveByPolicy(decide(await selling('aggregate-only'), vault, refusing)).keys).toEqual(['contact.email'])
    expect(parsePolicy(refusing)).toEqual(refusing)
  })
})
