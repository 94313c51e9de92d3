import { describe, expect, it } from 'vitest'
import { zipSync } from 'fflate'
import { createTempVaultApi } from '../helpers/temp-vault-api.js'
import type { MeVaultApi } from '../../src/shared/api.js'

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
