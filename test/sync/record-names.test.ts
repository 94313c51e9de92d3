import { afterEach, describe, expect, it } from 'vitest'
import { recordNames, renameRecord } from '../../src/core/records/record-names.js'
import { vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
afterEach(async () => {
  await peers.closeAll()
  peers = vaultPeers()
})

describe('record names sync between the devices of a vault', () => {
  it('a name given on one device shows on the other; names given apart merge; a reopened vault keeps them', async () => {
    let laptop = await peers.first('laptop')
    await laptop.set('row_1.number', 'X123')
    await laptop.set('row_2.phone', '+44 1')
    await laptop.set('row_3.city', 'London')
    let phone = await peers.join(laptop, 'phone')
    await peers.sync(phone, laptop)

    await renameRecord(laptop, 'row_1', 'Passport')
    // Both restarted, so only what sync carries (not a document still in memory) reaches the phone.
    laptop = await peers.reopen(laptop)
    phone = await peers.reopen(phone)
    await peers.sync(phone, laptop)
    expect(Object.fromEntries(await recordNames(phone))).toEqual({ row_1: 'Passport' })

    // Apart: each device names another record, and the phone takes the laptop's name away.
    await renameRecord(laptop, 'row_2', 'Mum')
    await renameRecord(phone, 'row_3', 'Work address')
    await renameRecord(phone, 'row_1', '')
    await peers.sync(phone, laptop)
    const merged = { row_2: 'Mum', row_3: 'Work address' }
    expect(Object.fromEntries(await recordNames(laptop))).toEqual(merged)
    expect(Object.fromEntries(await recordNames(phone))).toEqual(merged)

    // Apart again, on the same records: both rename row_2 (one name wins, the same on both), and
    // the laptop renames row_3 while the phone takes its name away (the rename wins).
    await renameRecord(laptop, 'row_2', 'Mother')
    await renameRecord(phone, 'row_2', 'Mama')
    await renameRecord(laptop, 'row_3', 'Office')
    await renameRecord(phone, 'row_3', '')
    await peers.sync(phone, laptop)
    const settled = Object.fromEntries(await recordNames(laptop))
    expect(Object.fromEntries(await recordNames(phone))).toEqual(settled)
    expect(['Mother', 'Mama']).toContain(settled.row_2)
    expect(settled.row_3).toBe('Office')

    const reopened = await peers.reopen(phone)
    expect(Object.fromEntries(await recordNames(reopened))).toEqual(settled)
    // The keys never changed.
    expect((await reopened.list()).map((f) => f.path).sort()).toEqual(['row_1.number', 'row_2.phone', 'row_3.city'])
  })
})
