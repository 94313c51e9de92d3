import { describe, expect, it } from 'vitest'
import type { FieldView } from '../../../shared/types.js'
import { evaluateDcql, MEVAULT_VCT } from './dcql-evaluation.js'

/** A person's vault fields as the service lists them (claim-tagged), evaluated by the dcql library. */
function field(path: string, value: string, claim?: string): FieldView {
  const [record = '', name = ''] = path.split('.')
  return { path, record, field: name, type: 'text', tier: 'restricted', value, updatedAt: '2026-12-01T00:00:00Z', device: 'laptop', ...(claim ? { claim } : {}) }
}

const FIELDS: FieldView[] = [
  field('identity.first_name', 'Ada', 'given_name'),
  field('identity.last_name', 'Lovelace', 'family_name'),
  field('home.city', 'Berlin', 'address.locality'),
  field('home.country', 'DE', 'address.country'),
  field('identity.birthdate', '1990-12-10', 'birthdate'),
  field('notes.city', 'Paris') // not tagged: never answers a claim
]

const person = (claims: unknown[], extra: Record<string, unknown> = {}) => ({
  id: 'person',
  format: 'dc+sd-jwt',
  meta: { vct_values: [MEVAULT_VCT] },
  claims,
  ...extra
})

describe('evaluating a DCQL query against the person’s claims', () => {
  it('maps claims paths to the vocabulary, with the field that answers each and what is missing', () => {
    const result = evaluateDcql(
      { credentials: [person([{ path: ['given_name'] }, { path: ['address', 'locality'] }, { path: ['email'] }])] },
      FIELDS
    )
    expect(result.queries[0]?.lines).toEqual([
      { claim: 'given_name', label: 'First name', state: 'held', field: { path: 'identity.first_name', tier: 'restricted' } },
      { claim: 'address.locality', label: 'City', state: 'held', field: { path: 'home.city', tier: 'restricted' } },
      { claim: 'email', label: 'Email', state: 'missing' }
    ])
    expect(result.canBeSatisfied).toBe(false)
  })

  it('answers with the first claim set that can be satisfied', () => {
    const result = evaluateDcql(
      {
        credentials: [
          person(
            [{ id: 'mail', path: ['email'] }, { id: 'first', path: ['given_name'] }, { id: 'last', path: ['family_name'] }],
            { claim_sets: [['mail'], ['first', 'last'], ['first']] }
          )
        ]
      },
      FIELDS
    )
    expect(result.canBeSatisfied).toBe(true)
    expect(result.queries[0]?.disclose).toEqual(['given_name', 'family_name'])
    expect(result.answer).toEqual(['person'])
  })

  it('discloses a claim with values only when it matches; a non-match is shown to the person, never disclosed', () => {
    const matching = evaluateDcql({ credentials: [person([{ path: ['address', 'country'], values: ['DE', 'AT'] }])] }, FIELDS)
    expect(matching.queries[0]?.disclose).toEqual(['address.country'])
    const other = evaluateDcql({ credentials: [person([{ path: ['address', 'country'], values: ['FR'] }])] }, FIELDS)
    expect(other.queries[0]?.lines[0]?.state).toBe('no-match')
    expect(other.queries[0]?.disclose).toEqual([])
    expect(other.canBeSatisfied).toBe(false)
  })

  it('expands ["address"] to the members the person holds', () => {
    const result = evaluateDcql({ credentials: [person([{ path: ['address'] }])] }, FIELDS)
    expect(result.queries[0]?.disclose.sort()).toEqual(['address.country', 'address.locality'])
  })

  it('takes the option of a credential set that MeVault can meet, and leaves out the government ID it cannot', () => {
    const pid = { id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: ['urn:eudi:pid:1'] }, claims: [{ path: ['given_name'] }] }
    const result = evaluateDcql(
      { credentials: [pid, person([{ path: ['given_name'] }])], credential_sets: [{ options: [['pid'], ['person']] }] },
      FIELDS
    )
    expect(result.answer).toEqual(['person'])
    expect(result.queries[0]).toMatchObject({ id: 'pid', answerable: false })
  })

  it('refuses a query for another type, never adopting it, with an explanation', () => {
    const pid = { id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: ['urn:eudi:pid:1'] }, claims: [{ path: ['given_name'] }] }
    expect(() => evaluateDcql({ credentials: [pid] }, FIELDS)).toThrow(/type urn:eudi:pid:1, issued by someone else.*never answers as another type/)
    const mdoc = { id: 'mdl', format: 'mso_mdoc', meta: { doctype_value: 'org.iso.18013.5.1.mDL' }, claims: [{ path: ['org.iso.18013.5.1', 'given_name'] }] }
    expect(() => evaluateDcql({ credentials: [mdoc] }, FIELDS)).toThrow(/mso_mdoc credential; MeVault presents only SD-JWT VCs/)
  })

  it('says that trusted_authorities cannot match a self-issued credential', () => {
    const query = { credentials: [person([{ path: ['given_name'] }], { trusted_authorities: [{ type: 'aki', values: ['s9tIpPmhxdiuNkHMEWNpYim8S8Y'] }] })] }
    expect(() => evaluateDcql(query, FIELDS)).toThrow(/issued by the person themself, so it cannot match/)
  })

  it('notes a wish for several credentials, presenting the one there is', () => {
    const result = evaluateDcql({ credentials: [person([{ path: ['given_name'] }], { multiple: true })] }, FIELDS)
    expect(result.canBeSatisfied).toBe(true)
    expect(result.notes[0]).toMatch(/accepts several credentials/)
  })

  it('refuses something that is not a DCQL query, in one line', () => {
    expect(() => evaluateDcql({ credentials: [] }, FIELDS)).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/^the dcql_query is not a valid DCQL query[^\n]*$/) }))
    expect(() => evaluateDcql({ credentials: [{ id: 'x', format: 'dc+sd-jwt', claims: [{ id: 'a', path: ['email'] }], claim_sets: [['b']] }] }, FIELDS)).toThrow(
      /not a valid DCQL query|cannot be evaluated/
    )
  })
})
