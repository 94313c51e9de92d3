import { describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../helpers/temp-vault-api.js'
import type { MeVaultApi } from '../../src/shared/api.js'
import { isMeVaultError } from '../../src/shared/errors.js'
import { fixture, onePuxBytes } from './fixture-file.js'

async function newVault(): Promise<MeVaultApi> {
  const api = createTempVaultApi()
  await api['vault.create']({ passphrase: 'correct horse battery' })
  return api
}

/** path → value (and claim), as the person sees the vault. */
async function held(api: MeVaultApi): Promise<Record<string, string>> {
  const fields = await api['fields.list']()
  return Object.fromEntries(fields.map((f) => [f.path, f.claim === undefined ? f.value : `${f.value} #${f.claim}`]))
}

const refusal = async (promise: Promise<unknown>): Promise<{ code: string; message: string }> => {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  if (!isMeVaultError(error)) throw new Error(`expected a MeVaultError, got ${String(error)}`)
  return { code: error.code, message: error.message }
}

describe('import from files (issue 14 §1)', () => {
  it("a Google Contacts vCard 3.0 (folded lines, item1. groups, escaped URL) lands in the claim vocabulary, private, tagged", async () => {
    const api = await newVault()
    const plan = await api['import.preview'](fixture('google-contacts.vcf'))
    expect(plan.format).toBe('vcard')
    expect(plan.counts).toEqual({ new: 16, same: 0, conflict: 0 })
    expect(await held(api)).toEqual({}) // a preview writes nothing
    expect(await api['import.apply'](fixture('google-contacts.vcf'))).toMatchObject({ written: 16, claimsTagged: 14 })
    const vault = await held(api)
    expect(vault).toMatchObject({
      'identity.given_name': 'Ada #given_name',
      'identity.family_name': 'Lovelace #family_name',
      'contact.email': 'ada@example.org #email',
      'contact.email_2': 'ada.lovelace@analytical-engine.example',
      'address.country': 'United Kingdom #address.country', // folded across two lines in the file
      'web.website': 'https://ada.example.org #website',
      'identity.birthdate': '1815-12-10 #birthdate',
      'work.job_title': 'Programmer #job_title',
      'notes.note': 'Met at the Royal Society, 1833.\nLikes poetical science.'
    })
    expect(new Set((await api['fields.list']()).map((f) => f.tier))).toEqual(new Set(['private']))
  })

  it('Apple Contacts (TYPE=pref, PHOTO) and Thunderbird (vCard 4, PREF=1, BDAY as 19120623) read alike; the photo is left out, and said so', async () => {
    const api = await newVault()
    const apple = await api['import.preview'](fixture('apple-contacts.vcf'))
    expect(apple.skipped).toEqual(['PHOTO: pictures are not imported'])
    const byPath = Object.fromEntries(apple.items.map((i) => [i.path, i.value]))
    expect(byPath).toMatchObject({ 'contact.email': 'grace@example.com', 'contact.phone_number': '(212) 555-0100', 'identity.salutation': 'Rear Admiral', 'identity.birthdate': '1906-12-09' })
    const thunderbird = await api['import.preview'](fixture('thunderbird.vcf'))
    const tb = Object.fromEntries(thunderbird.items.map((i) => [i.path, i.value]))
    expect(tb).toMatchObject({ 'contact.email': 'alan@example.net', 'contact.email_2': 'turing@bletchley.example', 'identity.birthdate': '1912-06-23', 'address.street_address': 'Hollymeade, Adlington Road' })
  })

  it("RFC 6350's own example: a birthday without a year and properties with no place are listed as left out, not guessed", async () => {
    const api = await newVault()
    const plan = await api['import.preview'](fixture('rfc6350-example.vcf'))
    expect(plan.skipped).toContain('BDAY: not a full date (a birthday without its year is not imported)')
    expect(plan.items.find((i) => i.path === 'contact.phone_number')).toMatchObject({ value: '+1-418-656-9254', claim: 'phone_number', source: 'TEL (work)' })
    expect(plan.items.find((i) => i.path === 'address.locality')).toMatchObject({ value: 'Quebec', claim: 'address.locality' })
  })

  it('an address book: one card is chosen by number; without one, the message says how many there are', async () => {
    const api = await newVault()
    expect(await refusal(api['import.preview'](fixture('address-book.vcf')))).toEqual({ code: 'BAD_INPUT', message: 'The file holds 2 cards; choose one with --card N (1 to 2)' })
    const second = await api['import.preview']({ ...fixture('address-book.vcf'), card: 2 })
    expect(second.items.map((i) => [i.path, i.value])).toEqual([
      ['identity.full_name', 'Second Person'],
      ['contact.email', 'second@example.org'],
      ['contact.phone_number', '+1 555 0100']
    ])
  })

  it('a CSV with a BOM, ";", CRLF, quotes and a quoted line break: each row a record of its own, no claim tagged; an unnamed column is left out unless mapped', async () => {
    const api = await newVault()
    const plan = await api['import.preview'](fixture('contacts-semicolon-bom.csv'))
    expect(plan.columns).toEqual([
      { column: 'First name', target: 'given_name' },
      { column: 'Last name', target: 'family_name' },
      { column: 'E-mail Address', target: 'email' },
      { column: 'City', target: 'address.locality' },
      { column: 'Notes', target: null }
    ])
    expect(plan.records).toEqual(['row_1', 'row_2', 'row_3'])
    expect(plan.items.every((i) => i.claim === undefined)).toBe(true)
    await api['import.apply']({ ...fixture('contacts-semicolon-bom.csv'), map: { Notes: 'notes.text' } })
    expect(await held(api)).toEqual({
      'row_1.given_name': 'Ada',
      'row_1.family_name': 'Lovelace',
      'row_1.email': 'ada@example.org',
      'row_1.locality': 'London',
      'row_1.text': 'Said "hello"; then left',
      'row_2.given_name': 'Alan',
      'row_2.family_name': 'Turing',
      'row_2.email': 'alan@example.net',
      'row_2.locality': 'Wilmslow',
      'row_2.text': 'Two\r\nlines',
      'row_3.given_name': 'Grace',
      'row_3.family_name': 'Hopper',
      'row_3.email': 'grace@example.com',
      'row_3.locality': 'Arlington'
    })
    // The mapping is kept in the vault for the next CSV with this header row.
    const next = await api['import.preview'](fixture('contacts-semicolon-bom.csv'))
    expect(next.savedMap).toBe(true)
    expect(next.columns?.find((c) => c.column === 'Notes')).toEqual({ column: 'Notes', target: 'notes.text' })
    expect(next.counts).toEqual({ new: 0, same: 14, conflict: 0 })
  })

  it('a one-row CSV is the person: its claims go to their own paths and are tagged; --map can send a column elsewhere', async () => {
    const api = await newVault()
    await api['import.apply']({ ...fixture('me.csv'), map: { 'Favourite colour': 'preferences.colour' }, tier: 'restricted' })
    expect(await held(api)).toEqual({
      'identity.given_name': 'Ada #given_name',
      'identity.family_name': 'Lovelace #family_name',
      'contact.email': 'ada@example.org #email',
      'identity.birthdate': '1815-12-10 #birthdate',
      'contact.phone_number': '+44 20 7946 0018 #phone_number',
      'preferences.colour': 'green'
    })
    expect(new Set((await api['fields.list']()).map((f) => f.tier))).toEqual(new Set(['restricted']))
  })

  it('duplicates: the same value at the same place is skipped; a different one is a conflict, kept unless the person replaces it', async () => {
    const api = await newVault()
    await api['import.apply'](fixture('me.csv'))
    const again = await api['import.preview'](fixture('me.csv'))
    expect(again.counts).toEqual({ new: 0, same: 5, conflict: 0 })
    await api['fields.set']({ path: 'contact.email', value: 'ada@newmail.example' })
    const conflicted = await api['import.preview'](fixture('me.csv'))
    expect(conflicted.counts).toEqual({ new: 0, same: 4, conflict: 1 })
    expect(conflicted.items.find((i) => i.status === 'conflict')).toMatchObject({ path: 'contact.email', value: 'ada@example.org', current: 'ada@newmail.example', currentTier: 'private' })

    expect(await api['import.apply'](fixture('me.csv'))).toMatchObject({ written: 0, same: 4, kept: 1, replaced: 0 })
    expect((await api['fields.get']({ path: 'contact.email' })).value).toBe('ada@newmail.example')
    expect(await api['import.apply']({ ...fixture('me.csv'), resolutions: { 'contact.email': 'replace' } })).toMatchObject({ written: 1, replaced: 1 })
    expect((await api['fields.get']({ path: 'contact.email' })).value).toBe('ada@example.org')
    expect((await api['fields.history']({ path: 'contact.email' })).length).toBe(3) // the replaced value stays in history
  })

  it('a claim another field already carries is not moved by an import', async () => {
    const api = await newVault()
    await api['fields.set']({ path: 'work.mail', value: 'ada@work.example', claim: 'email' })
    await api['import.apply'](fixture('me.csv'))
    expect(await held(api)).toMatchObject({ 'work.mail': 'ada@work.example #email', 'contact.email': 'ada@example.org' })
  })

  it('a malformed file gets one line naming the line, and nothing changes: a vCard, a CSV, a bad value in the last row', async () => {
    const api = await newVault()
    await api['fields.set']({ path: 'contact.email', value: 'before@example.org' })
    expect(await refusal(api['import.apply'](fixture('malformed.vcf')))).toEqual({ code: 'BAD_INPUT', message: 'The vCard is malformed at line 5' })
    expect(await refusal(api['import.apply'](fixture('malformed.csv')))).toEqual({ code: 'BAD_INPUT', message: 'The CSV is malformed at line 3' })
    const badValue = await refusal(api['import.apply'](fixture('bad-email.csv')))
    expect(badValue).toEqual({ code: 'BAD_INPUT', message: 'line 3, column "email": The value for row_2.email is not an email address; nothing was imported' })
    expect(badValue.message).not.toContain('not-an-email')
    expect(await held(api)).toEqual({ 'contact.email': 'before@example.org' })
  })

  it("Bitwarden's JSON export: the identity's members become claims, a secure note a note, logins are left out; an encrypted export is refused", async () => {
    const api = await newVault()
    const plan = await api['import.preview'](fixture('bitwarden.json'))
    expect(plan.skipped).toEqual(['1 logins: only identities and secure notes are imported'])
    await api['import.apply'](fixture('bitwarden.json'))
    expect(await held(api)).toMatchObject({
      'identity.given_name': 'Ada #given_name',
      'address.street_address': "12 St James's Square #address.street_address",
      'identity.passport_number': '123456789',
      'identity.library_card': 'LC-0042',
      'notes.wifi_at_home': 'Network: lovelace-home'
    })
    expect(JSON.stringify(await held(api))).not.toContain('not imported') // the login's password
    const encrypted = { fileName: 'bw.json', content: JSON.stringify({ encrypted: true, passwordProtected: true, data: 'xyz' }) }
    expect((await refusal(api['import.preview'](encrypted))).message).toMatch(/^This Bitwarden export is encrypted/)
    const badMember = { fileName: 'bw.json', content: JSON.stringify({ items: [{ type: 4, name: 'x', identity: { email: 42 } }] }) }
    expect(await refusal(api['import.preview'](badMember))).toEqual({ code: 'BAD_INPUT', message: 'items[0].identity.email must be text' })
  })

  it("1Password's 1PUX (a zip, sent as base64): the identity, its address and birth date, and a secure note", async () => {
    const api = await newVault()
    const content = Buffer.from(onePuxBytes()).toString('base64')
    const result = await api['import.apply']({ fileName: 'export.1pux', content, encoding: 'base64' })
    expect(result.written).toBe(14)
    expect(await held(api)).toMatchObject({
      'identity.given_name': 'Ada #given_name',
      'identity.birthdate': '1815-12-10 #birthdate',
      'address.locality': 'London #address.locality',
      'contact.email': 'ada@example.org #email',
      'work.occupation': 'Mathematician',
      'notes.gym_locker': 'Locker code is in the blue notebook.'
    })
    const notZip = await refusal(api['import.preview']({ fileName: 'export.1pux', content: Buffer.from('PKnot a zip').toString('base64'), encoding: 'base64' }))
    expect(notZip).toEqual({ code: 'BAD_INPUT', message: 'The 1PUX file is not a readable zip archive' })
  })

  it("MeVault's own export comes back as it was: paths, values, types and tiers (the export does not carry claims)", async () => {
    const source = await newVault()
    await source['fields.set']({ path: 'contact.email', value: 'ada@example.org', tier: 'public', claim: 'email' })
    await source['fields.set']({ path: 'finance.savings', value: '1200.50 EUR', type: 'money', tier: 'restricted' })
    await source['fields.set']({ path: 'notes.poem', value: 'That brain of mine' })
    const exported = await source['vault.export']()
    const target = await newVault()
    await target['import.apply']({ fileName: 'export.json', content: JSON.stringify(exported) })
    const strip = (fields: Awaited<ReturnType<MeVaultApi['fields.list']>>) => fields.map(({ path, value, type, tier }) => ({ path, value, type, tier }))
    expect(strip(await target['fields.list']())).toEqual(strip(await source['fields.list']()))
  })
})

describe('export from the UI: CSV and vCard (issue 14 §3)', () => {
  it('a vCard of chosen fields, imported into a new vault, gives the same fields and claims', async () => {
    const source = await newVault()
    await source['import.apply'](fixture('google-contacts.vcf'))
    const chosen = (await source['fields.list']()).filter((f) => f.claim !== undefined).map((f) => f.path)
    const card = await source['export.vcard']({ paths: [...chosen, 'notes.note'] })
    expect(card.text).toMatch(/^BEGIN:VCARD\r\nVERSION:4.0\r\n/)
    expect(card.left).toEqual(['notes.note'])
    const target = await newVault()
    await target['import.apply']({ fileName: 'card.vcf', content: card.text })
    const tagged = Object.fromEntries(Object.entries(await held(source)).filter(([, v]) => v.includes(' #')))
    expect(await held(target)).toEqual(tagged)
  })

  it('a CSV of every field, imported into a new vault, gives the same values at the same paths, claims included', async () => {
    const source = await newVault()
    await source['import.apply']({ ...fixture('me.csv'), map: { 'Favourite colour': 'preferences.colour' } })
    await source['fields.set']({ path: 'notes.quote', value: 'He said, "hello"\nand left' })
    const csv = await source['export.csv']()
    expect(csv.fields).toBe(7)
    const target = await newVault()
    await target['import.apply']({ fileName: 'all.csv', content: csv.text })
    expect(await held(target)).toEqual(await held(source))
  })
})
