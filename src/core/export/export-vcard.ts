import ICAL from 'ical.js'
import type { FieldView } from '../../shared/types.js'

type JProperty = [string, Record<string, string>, string, string | string[]]

/** Claims with a vCard property of their own; N and ADR are assembled from several claims. */
const SINGLE: Record<string, [string, string]> = {
  name: ['fn', 'text'],
  nickname: ['nickname', 'text'],
  email: ['email', 'text'],
  phone_number: ['tel', 'text'],
  birthdate: ['bday', 'date'],
  website: ['url', 'uri'],
  organization: ['org', 'text'],
  job_title: ['title', 'text'],
  gender: ['gender', 'text'],
  locale: ['lang', 'language-tag']
}
const N_PARTS = ['family_name', 'given_name', 'middle_name', 'salutation'] as const
const ADR_PARTS = ['', '', 'address.street_address', 'address.locality', 'address.region', 'address.postal_code', 'address.country'] as const

/**
 * A vCard 4.0 (RFC 6350, written by ical.js) of the chosen fields that carry a claim with a vCard
 * property; `left` names the chosen fields that have none (they are not in the card).
 */
export function fieldsAsVcard(fields: readonly FieldView[]): { text: string; left: string[] } {
  const byClaim = new Map(fields.filter((f) => f.claim !== undefined).map((f) => [f.claim!, f.value]))
  const properties: JProperty[] = [['version', {}, 'text', '4.0']]
  const used = new Set<string>()
  const fn = byClaim.get('name') ?? ([byClaim.get('given_name'), byClaim.get('family_name')].filter(Boolean).join(' ') || 'MeVault')
  properties.push(['fn', {}, 'text', fn])
  used.add('name')
  if (N_PARTS.some((claim) => byClaim.has(claim))) {
    properties.push(['n', {}, 'text', [...N_PARTS.map((claim) => byClaim.get(claim) ?? ''), '']])
    N_PARTS.forEach((claim) => used.add(claim))
  }
  for (const [claim, [property, type]] of Object.entries(SINGLE)) {
    const value = byClaim.get(claim)
    if (value === undefined || claim === 'name') continue
    properties.push([property, {}, type, value])
    used.add(claim)
  }
  if (ADR_PARTS.some((claim) => claim !== '' && byClaim.has(claim))) {
    properties.push(['adr', {}, 'text', ADR_PARTS.map((claim) => (claim === '' ? '' : (byClaim.get(claim) ?? '')))])
    ADR_PARTS.forEach((claim) => claim !== '' && used.add(claim))
  }
  const text = ICAL.stringify(['vcard', properties, []] as unknown as Parameters<typeof ICAL.stringify>[0])
  const left = fields.filter((f) => f.claim === undefined || !used.has(f.claim)).map((f) => f.path)
  return { text: text.endsWith('\r\n') ? text : `${text}\r\n`, left }
}
