import { afterEach, describe, expect, it } from 'vitest'
import { Vault } from '../../src/core/vault/vault.js'
import { vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
afterEach(async () => {
  await peers.closeAll()
  peers = vaultPeers()
})

const values = async (vault: Vault): Promise<Record<string, string>> =>
  Object.fromEntries((await vault.list()).map((field) => [field.path, field.value]))

describe('edits made apart converge when the devices sync', () => {
  it('merges concurrent edits, a delete against an edit and new records, the same way on both', async () => {
    const laptop = await peers.first('laptop')
    await laptop.set('contact.email', 'ada@old.example', { type: 'email' })
    await laptop.set('contact.phone', '+44 1')
    await laptop.set('contact.city', 'London')
    const phone = await peers.join(laptop, 'phone')
    await peers.sync(phone, laptop)

    // Apart: the same field on both, a delete against an edit, a new record on each side.
    await laptop.set('contact.email', 'ada@laptop.example')
    await phone.set('contact.email', 'ada@phone.example')
    await laptop.remove('contact.phone')
    await phone.set('contact.phone', '+44 2')
    await phone.set('contact.city', 'Cambridge')
    await laptop.set('health.blood', 'O+', { tier: 'private' })
    await phone.set('finance.iban', 'GB00 2222', { tier: 'private' })

    const summary = await peers.sync(phone, laptop)
    expect(summary.recordsAdded).toBe(1) // health arrived on the phone
    const onLaptop = await laptop.list()
    expect(await phone.list()).toEqual(onLaptop)
    const merged = await values(laptop)
    expect(merged['health.blood']).toBe('O+')
    expect(merged['finance.iban']).toBe('GB00 2222')
    expect(merged['contact.city']).toBe('Cambridge')
    // A field deleted on one side, then edited on the other before they met: the later edit wins, on both sides alike.
    expect(merged['contact.phone']).toBe('+44 2')
    // One winner, the same everywhere; both values stay in the history.
    expect(['ada@laptop.example', 'ada@phone.example']).toContain(merged['contact.email'])
    for (const vault of [laptop, phone]) expect((await vault.history('contact.email')).at(-1)?.value).toBe(merged['contact.email'])
  })

  it('keeps both concurrent values in the field history, the same on both devices; the later edit wins', async () => {
    let now = Date.parse('2026-11-01T10:00:00Z')
    const clock = () => new Date(now)
    const laptop = await peers.first('laptop', { clock })
    await laptop.set('contact.email', 'ada@old.example', { type: 'email' })
    const phone = await peers.join(laptop, 'phone', { clock })
    await peers.sync(phone, laptop)

    now += 60_000
    await phone.set('contact.email', 'ada@phone.example')
    now += 60_000 // the laptop writes a minute later, whatever the actor ids say
    await laptop.set('contact.email', 'ada@laptop.example')
    await laptop.setTier('contact.email', 'public')
    await peers.sync(phone, laptop)

    for (const vault of [laptop, phone]) {
      expect((await vault.get('contact.email')).value).toBe('ada@laptop.example')
      expect((await vault.get('contact.email')).device).toBe('laptop')
    }
    const history = await laptop.history('contact.email')
    expect(await phone.history('contact.email')).toEqual(history)
    expect(history.map((v) => [v.value, v.device, v.tier])).toEqual([
      ['ada@old.example', 'laptop', 'private'],
      ['ada@phone.example', 'phone', 'private'],
      ['ada@laptop.example', 'laptop', 'private'],
      ['ada@laptop.example', 'laptop', 'public']
    ])

    // The losing value can be brought back from the history, on either device.
    await phone.restore('contact.email', 2)
    await peers.sync(phone, laptop)
    expect((await laptop.get('contact.email')).value).toBe('ada@phone.example')
  })

  it('settles a delete against an edit made apart by which came later, keeping the loser in the history', async () => {
    let now = Date.parse('2026-11-01T10:00:00Z')
    const clock = () => new Date(now)
    const laptop = await peers.first('laptop', { clock })
    await laptop.set('contact.phone', '+44 1')
    await laptop.set('contact.fax', '+44 9')
    const phone = await peers.join(laptop, 'phone', { clock })
    await peers.sync(phone, laptop)

    now += 60_000
    await laptop.remove('contact.phone') // removed, then edited later elsewhere: the edit stays
    await phone.set('contact.fax', '+44 8') // edited, then removed later elsewhere: the removal stays
    now += 60_000
    await phone.set('contact.phone', '+44 2')
    await laptop.remove('contact.fax')
    await peers.sync(phone, laptop)

    for (const vault of [laptop, phone]) {
      expect((await vault.get('contact.phone')).value).toBe('+44 2')
      await expect(vault.get('contact.fax')).rejects.toThrow(/No field/)
    }
    const history = await laptop.history('contact.fax')
    expect(await phone.history('contact.fax')).toEqual(history)
    expect(history.map((v) => [v.value, v.device])).toEqual([
      ['+44 9', 'laptop'],
      ['+44 8', 'phone'],
      [null, 'laptop']
    ])
    await laptop.restore('contact.fax', 2)
    expect((await laptop.get('contact.fax')).value).toBe('+44 8')
    expect((await laptop.history('contact.phone')).map((v) => v.value)).toEqual(['+44 1', null, '+44 2'])
  })

  it('three devices converge, whichever pairs sync', async () => {
    const laptop = await peers.first('laptop')
    const phone = await peers.join(laptop, 'phone')
    const tablet = await peers.join(laptop, 'tablet')
    await laptop.set('contact.email', 'ada@laptop.example')
    await phone.set('contact.email', 'ada@phone.example')
    await tablet.set('contact.email', 'ada@tablet.example')
    await phone.set('prefs.theme', 'dark', { tier: 'public' })
    await tablet.set('docs.passport', 'X123', { tier: 'private' })

    await peers.sync(phone, laptop)
    await peers.sync(tablet, laptop)
    await phone.set('prefs.lang', 'en', { tier: 'public' })
    await peers.sync(phone, laptop) // the phone gets what the tablet brought; the laptop gets prefs.lang
    const expected = await laptop.list()
    expect(await phone.list()).toEqual(expected)
    expect((await values(tablet))['prefs.lang']).toBeUndefined()
    // The tablet and the phone never met: each learnt the other's key from the synced device list.
    await peers.sync(tablet, phone)
    expect(await tablet.list()).toEqual(expected)
    expect(Object.keys(await values(laptop)).sort()).toEqual(['contact.email', 'docs.passport', 'prefs.lang', 'prefs.theme'])
    const winner = (await values(laptop))['contact.email']
    for (const vault of [phone, tablet]) expect((await values(vault))['contact.email']).toBe(winner)
  })

  it('keeps synced changes after the vault is locked and unlocked again', async () => {
    const laptop = await peers.first('laptop')
    await laptop.set('contact.email', 'ada@example.org')
    const phone = await peers.join(laptop, 'phone')
    await laptop.set('finance.iban', 'GB00 3333')
    await phone.set('contact.city', 'Oslo')
    await peers.sync(phone, laptop)
    const expected = await laptop.list()
    const phoneAgain = await peers.reopen(phone)
    const laptopAgain = await peers.reopen(laptop)
    expect(await phoneAgain.list()).toEqual(expected)
    expect(await laptopAgain.list()).toEqual(expected)
    expect((await laptopAgain.get('contact.city')).value).toBe('Oslo')
    // And they still sync with each other after the restart.
    expect((await peers.sync(phoneAgain, laptopAgain)).fieldsUpdated).toBe(0)
  })
})

describe('named documents travel with the vault', () => {
  it('syncs the device list, the sharing policy and every ledger shard the month list names', async () => {
    const laptop = await peers.first('laptop')
    const phone = await peers.join(laptop, 'phone')
    const months = await laptop.document<Record<string, boolean>>('ledger/months')
    await laptop.changeDocument(months, (doc) => {
      doc['2026-10'] = true
      doc['2026-11'] = true
    })
    for (const month of ['2026-10', '2026-11']) {
      await laptop.changeDocument(await laptop.document<Record<string, string>>(`ledger/receipts/${month}`), (doc) => {
        doc[`rc_${month}`] = `receipt of ${month}`
      })
    }
    await laptop.changeDocument(await laptop.document<Record<string, string>>('policy'), (doc) => {
      doc.default = 'ask'
    })
    await peers.sync(phone, laptop)
    expect((await phone.document<Record<string, string>>('ledger/receipts/2026-10')).doc()).toEqual({ 'rc_2026-10': 'receipt of 2026-10' })
    expect((await phone.document<Record<string, string>>('ledger/receipts/2026-11')).doc()).toEqual({ 'rc_2026-11': 'receipt of 2026-11' })
    expect((await phone.document<Record<string, string>>('policy')).doc()).toEqual({ default: 'ask' })
  })
})
