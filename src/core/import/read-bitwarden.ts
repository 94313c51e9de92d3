import { badInput } from '../../shared/errors.js'
import { isObject } from './read-json.js'
import type { SourceEntry, SourceRead, SourceValue, ValueTarget } from './source-entry.js'
import { slug } from './slug.js'

/** Bitwarden's item types (https://bitwarden.com/help/condition-bitwarden-import/): 2 a secure note, 4 an identity. */
const SECURE_NOTE = 2
const IDENTITY = 4

/** identity.* members of a Bitwarden item → claims (or plain fields where the vocabulary has none). */
const IDENTITY_MEMBERS: Array<[string, ValueTarget]> = [
  ['title', { claim: 'salutation' }],
  ['firstName', { claim: 'given_name' }],
  ['middleName', { claim: 'middle_name' }],
  ['lastName', { claim: 'family_name' }],
  ['username', { claim: 'preferred_username' }],
  ['company', { claim: 'organization' }],
  ['email', { claim: 'email' }],
  ['phone', { claim: 'phone_number' }],
  ['address1', { claim: 'address.street_address' }],
  ['address2', { record: 'address', field: 'street_address_2' }],
  ['address3', { record: 'address', field: 'street_address_3' }],
  ['city', { claim: 'address.locality' }],
  ['state', { claim: 'address.region' }],
  ['postalCode', { claim: 'address.postal_code' }],
  ['country', { claim: 'address.country' }],
  ['ssn', { record: 'identity', field: 'national_id_number' }],
  ['passportNumber', { record: 'identity', field: 'passport_number' }],
  ['licenseNumber', { record: 'identity', field: 'driving_licence_number' }]
]

/**
 * Bitwarden's unencrypted JSON export: identity items become entries (their members mapped to
 * claims, their custom fields kept by name); secure notes go to the `notes` record, one field per
 * note. Logins, cards and the encrypted export are left out, and said so.
 */
export function readBitwarden(data: Record<string, unknown>): SourceRead {
  if (data.encrypted === true) throw badInput('This Bitwarden export is encrypted: export again as "JSON" (not "JSON (Encrypted)")')
  const items = data.items as unknown[]
  const entries: SourceEntry[] = []
  const notes: SourceValue[] = []
  const skipped = new Map<string, number>()
  items.forEach((item, i) => {
    const member = `items[${i}]`
    if (!isObject(item) || typeof item.type !== 'number') throw badInput(`${member}: not a Bitwarden item (no "type")`)
    const title = typeof item.name === 'string' ? item.name.trim() : ''
    const name = title || `item-${i + 1}`
    if (item.type === IDENTITY) {
      if (!isObject(item.identity)) throw badInput(`${member}.identity is missing`)
      const identity = item.identity
      const values: SourceValue[] = []
      for (const [key, target] of IDENTITY_MEMBERS) {
        const value = identity[key]
        if (value === null || value === undefined) continue
        if (typeof value !== 'string') throw badInput(`${member}.identity.${key} must be text`)
        if (value.trim() !== '') values.push({ target, value: value.trim(), source: `${member}.identity.${key}` })
      }
      values.push(...customFields(item, member, 'identity'))
      if (typeof item.notes === 'string' && item.notes.trim() !== '') values.push({ target: { record: 'notes', field: slug(name, 'note') }, value: item.notes, source: `${member}.notes` })
      entries.push({ name, ...(title ? { title } : {}), values })
    } else if (item.type === SECURE_NOTE) {
      if (typeof item.notes === 'string' && item.notes.trim() !== '') notes.push({ target: { record: 'notes', field: slug(name, 'note') }, value: item.notes, source: `${member}.notes` })
      notes.push(...customFields(item, member, 'notes', slug(name, 'note')))
    } else {
      const kind = item.type === 1 ? 'logins' : item.type === 3 ? 'cards' : 'other items'
      skipped.set(kind, (skipped.get(kind) ?? 0) + 1)
    }
  })
  if (notes.length > 0) entries.push({ name: 'notes', values: notes, ownPaths: true })
  return {
    entries,
    skipped: [...skipped].map(([kind, n]) => `${n} ${kind}: only identities and secure notes are imported`)
  }
}

/** An item's custom fields (fields[]: name, value), each a field of its own named after it. */
function customFields(item: Record<string, unknown>, member: string, record: string, prefix?: string): SourceValue[] {
  if (item.fields === undefined || item.fields === null) return []
  if (!Array.isArray(item.fields)) throw badInput(`${member}.fields must be a list`)
  return item.fields.flatMap((field: unknown, j): SourceValue[] => {
    if (!isObject(field)) throw badInput(`${member}.fields[${j}] is not an object`)
    if (typeof field.value !== 'string' || field.value.trim() === '') return []
    const name = slug(typeof field.name === 'string' ? field.name : '', `field_${j + 1}`)
    return [{ target: { record, field: prefix ? `${prefix}_${name}` : name }, value: field.value.trim(), source: `${member}.fields[${j}]` }]
  })
}
