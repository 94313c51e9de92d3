import { unzipSync, strFromU8 } from 'fflate'
import { badInput } from '../../shared/errors.js'
import { isObject, parseJsonText } from './read-json.js'
import type { SourceEntry, SourceRead, SourceValue, ValueTarget } from './source-entry.js'
import { slug } from './slug.js'

/** 1Password's category UUIDs (1PUX format, export.data): 003 a secure note, 004 an identity. */
const SECURE_NOTE = '003'
const IDENTITY = '004'

/** An identity's field ids → claims, or plain fields where the vocabulary has none. */
const IDENTITY_FIELDS: Record<string, ValueTarget> = {
  firstname: { claim: 'given_name' },
  initial: { claim: 'middle_name' },
  lastname: { claim: 'family_name' },
  birthdate: { claim: 'birthdate' },
  gender: { claim: 'gender' },
  sex: { claim: 'gender' },
  occupation: { record: 'work', field: 'occupation' },
  company: { claim: 'organization' },
  department: { record: 'work', field: 'department' },
  jobtitle: { claim: 'job_title' },
  defphone: { claim: 'phone_number' },
  homephone: { record: 'contact', field: 'home_phone' },
  cellphone: { record: 'contact', field: 'mobile_phone' },
  busphone: { record: 'contact', field: 'work_phone' },
  username: { claim: 'preferred_username' },
  email: { claim: 'email' },
  website: { claim: 'website' }
}

const ADDRESS_MEMBERS: Array<[string, string]> = [
  ['street', 'address.street_address'],
  ['city', 'address.locality'],
  ['state', 'address.region'],
  ['zip', 'address.postal_code'],
  ['country', 'address.country']
]

/** At most this much unpacked: a 1PUX's export.data is text, files/ (attachments) are not read. */
const MAX_UNPACKED_BYTES = 32 * 1024 * 1024

/**
 * A 1PUX file (a zip holding export.data, JSON): identity items become entries, secure notes go to
 * the `notes` record. Other categories and attachments are left out, and said so.
 */
export function read1pux(bytes: Uint8Array): SourceRead {
  let files: Record<string, Uint8Array>
  try {
    let unpacked = 0
    files = unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize
        if (unpacked > MAX_UNPACKED_BYTES) throw badInput('The 1PUX file unpacks to more than 32 MiB')
        return file.name === 'export.data'
      }
    })
  } catch (error) {
    if (error instanceof Error && error.name === 'MeVaultError') throw error
    throw badInput('The 1PUX file is not a readable zip archive')
  }
  const data = files['export.data']
  if (!data) throw badInput('The 1PUX file has no export.data member')
  const parsed = parseJsonText(strFromU8(data), '1PUX export.data')
  if (!isObject(parsed) || !Array.isArray(parsed.accounts)) throw badInput('export.data: no "accounts" list')

  const entries: SourceEntry[] = []
  const notes: SourceValue[] = []
  let other = 0
  parsed.accounts.forEach((account: unknown, a) => {
    if (!isObject(account) || !Array.isArray(account.vaults)) throw badInput(`export.data: accounts[${a}].vaults is missing`)
    account.vaults.forEach((vault: unknown, v) => {
      if (!isObject(vault) || !Array.isArray(vault.items)) throw badInput(`export.data: accounts[${a}].vaults[${v}].items is missing`)
      vault.items.forEach((item: unknown, i) => {
        const member = `accounts[${a}].vaults[${v}].items[${i}]`
        if (!isObject(item) || typeof item.categoryUuid !== 'string') throw badInput(`export.data: ${member} has no categoryUuid`)
        const title = isObject(item.overview) && typeof item.overview.title === 'string' ? item.overview.title.trim() : ''
        const details = isObject(item.details) ? item.details : {}
        if (item.categoryUuid === IDENTITY) entries.push({ name: title || `identity-${i + 1}`, ...(title ? { title } : {}), values: identityValues(details, member) })
        else if (item.categoryUuid === SECURE_NOTE) {
          if (typeof details.notesPlain === 'string' && details.notesPlain.trim() !== '') {
            notes.push({ target: { record: 'notes', field: slug(title, `note_${i + 1}`) }, value: details.notesPlain, source: `${member}.details.notesPlain` })
          }
        } else other++
      })
    })
  })
  if (notes.length > 0) entries.push({ name: 'notes', values: notes, ownPaths: true })
  return { entries, skipped: other > 0 ? [`${other} other items (logins, cards…): only identities and secure notes are imported`] : [] }
}

function identityValues(details: Record<string, unknown>, member: string): SourceValue[] {
  const values: SourceValue[] = []
  const sections = Array.isArray(details.sections) ? details.sections : []
  sections.forEach((section: unknown, s) => {
    if (!isObject(section) || !Array.isArray(section.fields)) return
    section.fields.forEach((field: unknown, f) => {
      const where = `${member}.details.sections[${s}].fields[${f}]`
      if (!isObject(field) || !isObject(field.value)) throw badInput(`export.data: ${where} has no value`)
      const id = typeof field.id === 'string' ? field.id : ''
      const value = field.value
      if (isObject(value.address)) {
        for (const [key, claim] of ADDRESS_MEMBERS) {
          const part = value.address[key]
          if (typeof part === 'string' && part.trim() !== '') values.push({ target: { claim }, value: part.trim(), source: `${where}.value.address.${key}` })
        }
        return
      }
      const text = plainValue(value)
      if (text === undefined || text === '') return
      const target = IDENTITY_FIELDS[id] ?? { record: 'identity', field: slug(typeof field.title === 'string' ? field.title : id, `field_${f + 1}`) }
      values.push({ target, value: text, source: where })
    })
  })
  if (typeof details.notesPlain === 'string' && details.notesPlain.trim() !== '') {
    values.push({ target: { record: 'notes', field: 'identity_note' }, value: details.notesPlain, source: `${member}.details.notesPlain` })
  }
  return values
}

/** A 1PUX value is an object with one key naming its kind: string, email, phone, url, menu, date… */
function plainValue(value: Record<string, unknown>): string | undefined {
  for (const [kind, raw] of Object.entries(value)) {
    if (kind === 'date' && typeof raw === 'number') return new Date(raw * 1000).toISOString().slice(0, 10)
    if (kind === 'email' && isObject(raw) && typeof raw.email_address === 'string') return raw.email_address.trim()
    if (typeof raw === 'string') return raw.trim()
  }
  return undefined
}
