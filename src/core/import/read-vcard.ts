import ICAL from 'ical.js'
import { badInput } from '../../shared/errors.js'
import type { SourceEntry, SourceRead, SourceValue } from './source-entry.js'

/** jCard as ical.js parses it: [name, params, valueType, ...values]. */
type JProperty = [string, Record<string, unknown>, string, ...unknown[]]
type JComponent = [string, JProperty[], JComponent[]]

/**
 * Reads vCard 3.0 and 4.0 (RFC 6350, RFC 2426) with ical.js: folded lines, item1. groups, TYPE and
 * CHARSET parameters are ical.js's business. One card is imported: the person's own, or the one
 * chosen with `card` (1-based) from an address book. Pictures, sounds and keys are left out.
 */
export function readVcard(text: string, card?: number): SourceRead {
  const cards = parseCards(text)
  if (cards.length === 0) throw badInput('The file holds no vCard (no BEGIN:VCARD … END:VCARD)')
  if (card === undefined && cards.length > 1) {
    throw badInput(`The file holds ${cards.length} cards; choose one with --card N (1 to ${cards.length})`)
  }
  const index = (card ?? 1) - 1
  if (!Number.isInteger(index) || index < 0 || index >= cards.length) {
    throw badInput(`There is no card ${card}: the file holds ${cards.length} card${cards.length === 1 ? '' : 's'}`)
  }
  return readCard(cards[index]!)
}

/** How many cards the file holds, and each one's display name (FN), for choosing one. */
export function listCards(text: string): string[] {
  return parseCards(text).map((card) => String(card[1].find((p) => p[0] === 'fn')?.[3] ?? ''))
}

function parseCards(text: string): JComponent[] {
  let parsed: unknown
  try {
    parsed = ICAL.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw badInput(`The vCard is malformed at line ${firstBadLine(text)}`)
  }
  const list = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as JComponent[]
  const cards = list.filter((component) => component[0] === 'vcard')
  if (cards.length !== list.length) throw badInput('The file is not a vCard (it holds other iCalendar components)')
  return cards
}

/**
 * The line ical.js stopped at: its own message quotes the line, which may hold personal data, so
 * each unfolded content line is tried alone and only its number is reported.
 */
function firstBadLine(text: string): number {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.trim() === '' || /^[ \t]/.test(line) || /^(BEGIN|END):/i.test(line)) continue
    let unfolded = line
    for (let j = i + 1; j < lines.length && /^[ \t]/.test(lines[j]!); j++) unfolded += lines[j]!.slice(1)
    try {
      ICAL.parse.property(unfolded)
    } catch {
      return i + 1
    }
  }
  // Every line reads alone: BEGIN and END do not pair up.
  return lines.length
}

const LEFT_OUT: Record<string, string> = {
  photo: 'pictures are not imported',
  logo: 'pictures are not imported',
  sound: 'sounds are not imported',
  key: 'keys are not imported'
}
const IGNORED = new Set(['version', 'prodid', 'rev', 'uid', 'kind', 'categories', 'x-ablabel', 'source', 'clientpidmap', 'xml', 'label'])

function readCard(card: JComponent): SourceRead {
  const values: SourceValue[] = []
  const skipped: string[] = []
  const seen = new Map<string, number>()
  const count = (name: string): number => {
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    return n
  }
  // The preferred one first (TYPE=pref, or PREF=1 in vCard 4): it is the one that carries the claim.
  const properties = [...card[1]].sort((a, b) => preference(a) - preference(b))
  for (const property of properties) {
    const [name, params, , ...raw] = property
    const label = name.toUpperCase()
    // Google writes URLs with the colon escaped (https\://), as vCard 3's TEXT escaping would.
    const text = (v: unknown): string => (Array.isArray(v) ? v.join(',') : String(v ?? '')).replace(/\\:/g, ':').trim()
    const add = (value: SourceValue): void => void (value.value !== '' && values.push(value))
    if (LEFT_OUT[name]) {
      skipped.push(`${label}: ${LEFT_OUT[name]}`)
      continue
    }
    if (IGNORED.has(name) || name.startsWith('x-')) continue
    switch (name) {
      case 'fn':
        add({ target: { claim: 'name' }, value: text(raw[0]), source: label })
        break
      case 'n': {
        const parts = Array.isArray(raw[0]) ? (raw[0] as unknown[]).map(text) : text(raw[0]).split(';')
        const [family = '', given = '', middle = '', prefix = '', suffix = ''] = parts
        add({ target: { claim: 'family_name' }, value: family, source: `${label} (family name)` })
        add({ target: { claim: 'given_name' }, value: given, source: `${label} (given name)` })
        add({ target: { claim: 'middle_name' }, value: middle, source: `${label} (additional names)` })
        add({ target: { claim: 'salutation' }, value: prefix, source: `${label} (prefix)` })
        add({ target: { record: 'identity', field: 'name_suffix' }, value: suffix, source: `${label} (suffix)` })
        break
      }
      case 'nickname':
        add({ target: { claim: 'nickname' }, value: text(raw[0]), source: label })
        break
      case 'email':
        add(numbered(count(name), 'email', 'contact', 'email', text(raw[0]), label, params))
        break
      case 'lang':
        if (count(name) === 1) add({ target: { claim: 'locale' }, value: text(raw[0]), source: label })
        break
    case 'tel':
        add(numbered(count(name), 'phone_number', 'contact', 'phone_number', text(raw[0]).replace(/^tel:/i, '').replace(/;.*$/, ''), label, params))
        break
      case 'url':
        add({ ...numbered(count(name), 'website', 'web', 'website', text(raw[0]), label, params), type: 'url' })
        break
      case 'org':
        add({ target: { claim: 'organization' }, value: text(Array.isArray(raw[0]) ? (raw[0] as unknown[]).filter(Boolean).join(', ') : raw[0]), source: label })
        break
      case 'title':
        add({ target: { claim: 'job_title' }, value: text(raw[0]), source: label })
        break
      case 'note':
        add({ target: { record: 'notes', field: count(name) === 1 ? 'note' : `note_${seen.get(name)}` }, value: text(raw[0]), source: label })
        break
      case 'gender':
        add({ target: { claim: 'gender' }, value: text(Array.isArray(raw[0]) ? (raw[0] as unknown[]).filter(Boolean).join(' ') : raw[0]), source: label })
        break
      case 'bday': {
        const date = calendarDate(text(raw[0]))
        if (date) add({ target: { claim: 'birthdate' }, value: date, source: label })
        else skipped.push(`${label}: not a full date (a birthday without its year is not imported)`)
        break
      }
      case 'adr':
        values.push(...address(count(name), raw[0], label, params))
        break
      default:
        skipped.push(`${label}: no place for it in the vault`)
    }
  }
  const fn = values.find((v) => 'claim' in v.target && v.target.claim === 'name')?.value ?? 'card'
  const entry: SourceEntry = { name: fn, values }
  return { entries: [entry], skipped: [...new Set(skipped)] }
}

function preference(property: JProperty): number {
  const { type, pref } = property[1] as { type?: unknown; pref?: unknown }
  const types = (Array.isArray(type) ? type : [type]).map((t) => String(t ?? '').toLowerCase())
  if (pref !== undefined) return Number(pref) || 100
  return types.includes('pref') ? 1 : 100
}

const typeLabel = (params: Record<string, unknown>): string => {
  const types = (Array.isArray(params.type) ? params.type : [params.type]).map((t) => String(t ?? '').toLowerCase())
  const kind = types.find((t) => ['home', 'work', 'cell', 'mobile', 'fax', 'voice', 'iphone', 'main'].includes(t))
  return kind ? ` (${kind})` : ''
}

/** The first EMAIL (TEL, URL) carries the claim; the others sit beside it as email_2, email_3… */
function numbered(n: number, claim: string, record: string, field: string, value: string, label: string, params: Record<string, unknown>): SourceValue {
  const source = `${label}${typeLabel(params)}`
  return n === 1 ? { target: { claim }, value, source } : { target: { record, field: `${field}_${n}` }, value, source }
}

const ADDRESS_PARTS = [
  ['post office box', 'post_office_box'],
  ['extended address', 'extended_address'],
  ['street', 'street_address'],
  ['locality', 'locality'],
  ['region', 'region'],
  ['postal code', 'postal_code'],
  ['country', 'country']
] as const

/** ADR's seven parts; the first address carries the address.* claims, others go to address_2… */
function address(n: number, raw: unknown, label: string, params: Record<string, unknown>): SourceValue[] {
  const parts = (Array.isArray(raw) ? raw : String(raw ?? '').split(';')).map((p) => (Array.isArray(p) ? p.join(' ') : String(p ?? '')).trim())
  const values: SourceValue[] = []
  ADDRESS_PARTS.forEach(([what, field], i) => {
    const value = parts[i] ?? ''
    if (value === '') return
    const source = `${label}${typeLabel(params)} (${what})`
    const claim = `address.${field}`
    const hasClaim = field !== 'post_office_box' && field !== 'extended_address'
    if (n === 1 && hasClaim) values.push({ target: { claim }, value, source })
    else values.push({ target: { record: n === 1 ? 'address' : `address_${n}`, field }, value, source })
  })
  return values
}

/** 1815-12-10, 18151210 or a date-time: YYYY-MM-DD; a date without a year (--1210) is not one. */
function calendarDate(text: string): string | undefined {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(text)
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined
}
