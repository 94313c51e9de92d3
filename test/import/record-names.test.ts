import { describe, expect, it } from 'vitest'
import { zipSync } from 'fflate'
import { createTempVaultApi } from '../helpers/temp-vault-api.js'
import type { MeVaultApi } from '../../src/shared/api.js'
import { isMeVaultError } from '../../src/shared/errors.js'

async function newVault(): Promise<MeVaultApi> {
  const api = createTempVaultApi()
  await api['vault.create']({ passphrase: 'correct horse battery' })
  return api
}

/** Record → the name shown on its header in the list grouped by record (absent: its key). */
async function names(api: MeVaultApi): Promise<Record<string, string | null>> {
  const page = await api['fields.page']({ offset: 0, limit: 100, byRecord: true })
  return Object.fromEntries(page.headers!.map((header) => [header.record, header.name ?? null]))
}

const identity = (name: string, firstName: string) => ({ type: 4, name, identity: { firstName, email: `${firstName.toLowerCase()}@example.org` } })

describe('an import names the records it makes after the items and rows they hold', () => {
  it('Bitwarden identities: each record is keyed by a slug of its title and named by the title itself, in the same transaction', async () => {
    const api = await newVault()
    const file = { fileName: 'bw.json', content: JSON.stringify({ items: [identity("Ada's Passport", 'Ada'), identity('Mum  ', 'Anne'), identity('', 'Byron')] }) }
    const plan = await api['import.preview'](file)
    expect(plan.names).toEqual({ ada_s_passport: "Ada's Passport", mum: 'Mum' })
    expect(await names(api)).toEqual({}) // a preview writes nothing
    await api['import.apply'](file)
    // An item with no title keeps its key as its name.
    expect(await names(api)).toEqual({ ada_s_passport: "Ada's Passport", item_3: null, mum: 'Mum' })
    expect(await api['fields.get']({ path: 'ada_s_passport.given_name' })).toMatchObject({ recordName: "Ada's Passport" })
  })

  it("1Password identities (1PUX): each record named by the item's title", async () => {
    const api = await newVault()
    const item = (title: string, firstName: string) => ({
      categoryUuid: '004',
      overview: { title },
      details: { sections: [{ name: 'name', fields: [{ id: 'firstname', value: { string: firstName } }] }] }
    })
    const data = { accounts: [{ vaults: [{ items: [item('Passport', 'Ada'), item('Work ID', 'Augusta')] }] }] }
    const zip = zipSync({ 'export.attributes': new TextEncoder().encode('{}'), 'export.data': new TextEncoder().encode(JSON.stringify(data)) })
    await api['import.apply']({ fileName: 'export.1pux', content: Buffer.from(zip).toString('base64'), encoding: 'base64' })
    expect(await names(api)).toEqual({ passport: 'Passport', work_id: 'Work ID' })
  })

  it('CSV rows with first and last name columns are named "Given Family"; a record the person named keeps its name', async () => {
    const api = await newVault()
    await api['fields.set']({ path: 'row_2.note', value: 'already here' })
    await api['records.rename']({ record: 'row_2', name: 'Dad' })
    const csv = 'First name,Last name,Email\nAda,Lovelace,ada@example.org\nCharles,Babbage,charles@example.org\n,,nobody@example.org\n'
    await api['import.apply']({ fileName: 'people.csv', content: csv })
    expect(await names(api)).toEqual({ row_1: 'Ada Lovelace', row_2: 'Dad', row_3: null })
  })

  it('one entry (a person’s own card) goes to the claim paths and names no record', async () => {
    const api = await newVault()
    await api['import.apply']({ fileName: 'me.csv', content: 'First name,Last name\nAda,Lovelace\n' })
    expect(await names(api)).toEqual({ identity: null })
  })
})

const refusal = async (promise: Promise<unknown>): Promise<{ code: string; message: string }> => {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  if (!isMeVaultError(error)) throw new Error(`expected a MeVaultError, got ${String(error)}`)
  return { code: error.code, message: error.message }
}

/** What `list --json` shows of each field, without what a new vault does differently (when, which device). */
async function listed(api: MeVaultApi): Promise<Array<Record<string, string | undefined>>> {
  return (await api['fields.list']()).map(({ path, value, type, tier, claim }) => ({ path, value, type, tier, claim }))
}

/** A vault with two named records, one record left unnamed, and a name whose record holds no field any more. */
async function namedSource(): Promise<MeVaultApi> {
  const api = await newVault()
  await api['fields.set']({ path: 'passport.number', value: 'X1234567' })
  await api['fields.set']({ path: 'passport.expires', value: '2031-05-01', type: 'date', tier: 'restricted' })
  await api['fields.set']({ path: 'row_2.email', value: 'anne@example.org', type: 'email', tier: 'public' })
  await api['fields.set']({ path: 'contact.phone', value: '+44 20 7946 0018', type: 'phone' })
  await api['fields.set']({ path: 'old_card.number', value: '4111' })
  await api['records.rename']({ record: 'passport', name: 'Passport' })
  await api['records.rename']({ record: 'row_2', name: 'Mum' })
  await api['records.rename']({ record: 'old_card', name: 'Old card' })
  await api['fields.remove']({ path: 'old_card.number' })
  return api
}

describe("MeVault's own export carries the names of records, and an import of it gives them back", () => {
  it('export → a fresh vault: the same fields and the same names', async () => {
    const source = await namedSource()
    const exported = await source['vault.export']()
    expect(exported.format).toBe('mevault.export/1')
    // Only named records that hold fields: a name whose record is gone has nothing to name.
    expect(exported.records).toEqual({ passport: { name: 'Passport' }, row_2: { name: 'Mum' } })

    const target = await newVault()
    const file = { fileName: 'export.json', content: JSON.stringify(exported) }
    expect((await target['import.preview'](file)).names).toEqual({ passport: 'Passport', row_2: 'Mum' })
    await target['import.apply'](file)
    expect(await listed(target)).toEqual(await listed(source))
    expect(await names(target)).toEqual({ contact: null, passport: 'Passport', row_2: 'Mum' })
    expect(await names(target)).toEqual(await names(source))
  })

  it('a record the target vault already named keeps its own name; the others take the export’s', async () => {
    const exported = await (await namedSource())['vault.export']()
    const target = await newVault()
    await target['fields.set']({ path: 'passport.number', value: 'X1234567' })
    await target['records.rename']({ record: 'passport', name: 'My passport' })
    await target['import.apply']({ fileName: 'export.json', content: JSON.stringify(exported) })
    expect(await names(target)).toEqual({ contact: null, passport: 'My passport', row_2: 'Mum' })
  })

  it('a name is fitted like any imported title; a name for a record the export holds no field of is left out', async () => {
    const exported = await (await namedSource())['vault.export']()
    const records = { passport: { name: `  Pass\nport ${'x'.repeat(200)}` }, row_2: { name: '   ' }, ghost: { name: 'Ghost' }, contact: { colour: 'green' } }
    const target = await newVault()
    await target['import.apply']({ fileName: 'export.json', content: JSON.stringify({ ...exported, records }) })
    const shown = await names(target)
    expect(shown.passport).toBe(`Pass port ${'x'.repeat(90)}`)
    expect(shown).toMatchObject({ contact: null, row_2: null })
    await target['fields.set']({ path: 'ghost.note', value: 'later' })
    expect((await names(target)).ghost).toBeNull()
  })

  it('a malformed "records" member is refused in one line naming it, and nothing is written', async () => {
    const exported = await (await namedSource())['vault.export']()
    const target = await newVault()
    const cases: Array<[unknown, string]> = [
      [['Passport'], 'records must be an object of records, e.g. { "passport": { "name": "Passport" } }'],
      [{ passport: 'Passport' }, 'records.passport must be an object, e.g. { "name": "Passport" }'],
      [{ passport: { name: 42 } }, 'records.passport.name must be text'],
      [{ 'not a key\n': { name: 'x' } }, 'records: a member is not a record key (letters, digits, "-" and "_", up to 64)']
    ]
    for (const [records, message] of cases) {
      const file = { fileName: 'export.json', content: JSON.stringify({ ...exported, records }) }
      expect(await refusal(target['import.preview'](file))).toEqual({ code: 'BAD_INPUT', message })
      expect(await refusal(target['import.apply'](file))).toEqual({ code: 'BAD_INPUT', message })
    }
    expect(await target['fields.list']()).toEqual([])
    await target['fields.set']({ path: 'passport.number', value: 'X1234567' })
    expect(await names(target)).toEqual({ passport: null })
  })
})
