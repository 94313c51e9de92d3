import { type DocHandle, ImmutableString } from '@automerge/automerge-repo'
import { afterEach, describe, expect, it } from 'vitest'
import type { Vault } from '../../src/core/vault/vault.js'
import { vaultPeers } from './vault-peers.js'

/*
 * The index names each record. MeVault now writes one timestamp per record; earlier MeVaults wrote a
 * map `{ createdAt }`. Devices of both kinds share one index, so each must read the other's entries:
 * real vaults, a real invitation and real syncs on 127.0.0.1.
 */

let peers = vaultPeers()
afterEach(async () => {
  await peers.closeAll()
  peers = vaultPeers()
})

type IndexEntries = Record<string, unknown>

async function indexOf(vault: Vault): Promise<DocHandle<IndexEntries>> {
  const [indexId] = await vault.syncPort().documentIds([]) // the index comes first
  return (await vault.syncPort().find(indexId!)) as DocHandle<IndexEntries>
}

const paths = async (vault: Vault): Promise<string[]> => (await vault.list()).map((field) => field.path).sort()

describe('index entries of either shape', () => {
  it('names a new record with a timestamp, and reads entries an earlier MeVault wrote, after a restart, a first copy and a sync', async () => {
    let laptop = await peers.first('laptop')
    await laptop.set('contact.email', 'ada@example.org', { type: 'email' })
    await laptop.set('identity.name', 'Ada Lovelace')
    const index = await indexOf(laptop)
    expect(index.doc().contact).toBeInstanceOf(Date)

    // What an earlier MeVault on this vault's other device left in the index for these two records.
    index.change((doc) => {
      for (const record of ['contact', 'identity']) doc[record] = { createdAt: new ImmutableString('2026-06-01T10:00:00.000Z') }
    })
    await laptop.syncPort().save([index as DocHandle<unknown>])
    laptop = await peers.reopen(laptop)
    expect(await paths(laptop)).toEqual(['contact.email', 'identity.name'])

    const phone = await peers.join(laptop, 'phone')
    await peers.sync(phone, laptop)
    expect(await paths(phone)).toEqual(['contact.email', 'identity.name'])

    await phone.set('travel.passport', 'P1234567')
    await peers.sync(phone, laptop)
    expect(await paths(laptop)).toEqual(['contact.email', 'identity.name', 'travel.passport'])
    const merged = (await indexOf(laptop)).doc()
    expect(merged.identity).toEqual({ createdAt: expect.anything() })
    expect(merged.travel).toBeInstanceOf(Date)
  })
})
