import { next as A } from '@automerge/automerge'
import type { PeerId } from '@automerge/automerge-repo'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadSodium } from '../crypto/sodium.js'
import { SecureClientAdapter } from './secure-client-adapter.js'
import { newTestDevice, pairedDevices, recordingLogger, type TestDevice } from './testing/paired-devices.js'
import { dialingRepo, listeningRepo, sameHeads, until } from './testing/repo-peers.js'

type Card = Record<string, string>

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.()
})

/** Both devices as after pairing, each with its Repo; the phone dials the laptop through a tap. */
async function laptopAndPhone() {
  const [laptopDevice, phoneDevice] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
  const laptop = await listeningRepo(laptopDevice, 'laptop')
  const phone = await dialingRepo(phoneDevice, 'phone', laptop.port)
  cleanup.push(async () => {
    phone.adapter.disconnect()
    await phone.tap?.stop()
    await laptop.adapter.close()
  })
  return { laptop, phone, laptopDevice, phoneDevice }
}

describe('sync between paired devices over the secure transport', () => {
  beforeAll(async () => {
    await loadSodium()
  })

  it('converges after both devices edit the same card while apart', async () => {
    const { laptop, phone } = await laptopAndPhone()
    const onLaptop = laptop.repo.create<Card>({ name: 'Ada', email: 'ada@old.example', phone: '+44 1', city: 'London' })
    const onPhone = await phone.repo.find<Card>(onLaptop.url)
    expect(onPhone.doc().name).toBe('Ada')

    phone.adapter.disconnect()
    await until(() => laptop.adapter.connectedPeers.length === 0, 'the laptop to see the phone go')
    onLaptop.change((card) => {
      card.email = 'ada@laptop.example' // the same field, concurrently
      delete card.phone // a delete against an edit
      card.note = 'written on the laptop'
    })
    onPhone.change((card) => {
      card.email = 'ada@phone.example'
      card.phone = '+44 2'
      card.city = 'Cambridge'
    })

    phone.adapter.connect('phone' as PeerId)
    await until(() => sameHeads(onLaptop, onPhone), 'both devices to hold the same heads')
    expect(onPhone.doc()).toEqual(onLaptop.doc())
    expect(onLaptop.doc().note).toBe('written on the laptop')
    expect(onLaptop.doc().city).toBe('Cambridge')
    // Automerge keeps both concurrent values; every device shows the same winner.
    const conflicts = Object.values(A.getConflicts(onLaptop.doc(), 'email') ?? {})
    expect(conflicts.sort()).toEqual(['ada@laptop.example', 'ada@phone.example'])
  })

  it('reconnects on its own after the listening device stops and starts again', async () => {
    const { laptop, phone } = await laptopAndPhone()
    const onLaptop = laptop.repo.create<Card>({ city: 'Paris' })
    const onPhone = await phone.repo.find<Card>(onLaptop.url)
    laptop.adapter.disconnect() // the laptop stops syncing, then starts again on the same port
    await until(() => phone.adapter.connectedPeers.length === 0, 'the phone to notice')
    onLaptop.change((card) => {
      card.city = 'Lyon'
    })
    laptop.adapter.connect('laptop' as PeerId)
    await until(() => onPhone.doc().city === 'Lyon', 'the edit made while apart to arrive')
    expect(phone.logger.lines.join('\n')).toMatch(/connected to device laptop/)
  })

  it('gives an unpaired device nothing, and says so in the log', async () => {
    const laptopDevice = newTestDevice('laptop')
    const stranger = newTestDevice('stranger')
    stranger.pin(laptopDevice) // it knows the laptop's key; the laptop never paired with it
    const laptop = await listeningRepo(laptopDevice, 'laptop')
    const secret = 'Passport-X9-Stranger-Should-Not-See'
    const onLaptop = laptop.repo.create<Card>({ passport: secret })
    const intruder = await dialingRepo(stranger, 'stranger', laptop.port)
    cleanup.push(async () => {
      intruder.adapter.disconnect()
      await intruder.tap?.stop()
      await laptop.adapter.close()
    })

    await expect(intruder.repo.find<Card>(onLaptop.url)).rejects.toThrow(/unavailable/)
    expect(intruder.repo.peers).toEqual([])
    expect(laptop.logger.warnings.join('\n')).toMatch(/unknown device \([0-9a-f]{16}\) is not paired with this device/)
    expect(intruder.logger.warnings.join('\n')).toMatch(/refused this device/)
    expect(intruder.adapter.lastFailure?.code).toBe('PEER_REFUSED') // told, not guessed from a closed socket
    expect(intruder.tap?.bytes('to-client').includes(secret)).toBe(false)
  })

  it('refuses a revoked device at its next connection; it misses every later edit', async () => {
    const { laptop, phone, laptopDevice, phoneDevice } = await laptopAndPhone()
    const onLaptop = laptop.repo.create<Card>({ iban: 'GB00 0000 1111' })
    const onPhone = await phone.repo.find<Card>(onLaptop.url)
    expect(onPhone.doc().iban).toBe('GB00 0000 1111')

    laptopDevice.revoke(phoneDevice)
    phone.tap?.cutAll() // a network blip: the phone redials at once
    await until(() => laptop.logger.warnings.some((line) => /unknown device .* is not paired .*revoked/.test(line)), 'a refusal')
    onLaptop.change((card) => {
      card.iban = 'GB99 9999 2222'
    })
    await until(() => laptop.logger.warnings.filter((line) => /revoked/.test(line)).length >= 3, 'more refused redials')
    expect(onPhone.doc().iban).toBe('GB00 0000 1111')
    expect(laptop.adapter.connectedPeers).toEqual([])
  })

  it('drops a live connection as soon as the device is revoked', async () => {
    const { laptop, phone, laptopDevice, phoneDevice } = await laptopAndPhone()
    const onLaptop = laptop.repo.create<Card>({ pin: '1111' })
    const onPhone = await phone.repo.find<Card>(onLaptop.url)
    laptopDevice.revoke(phoneDevice)
    laptop.adapter.revalidate()
    expect(laptop.logger.warnings.join('\n')).toMatch(/dropped connection with device phone .*: device key was revoked/)
    // The phone is told, not left to guess from a closed socket.
    await until(() => phone.adapter.lastFailure !== undefined, 'the phone to learn why')
    expect(phone.adapter.lastFailure?.code).toBe('PEER_REFUSED')
    onLaptop.change((card) => {
      card.pin = '2222'
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(onPhone.doc().pin).toBe('1111')
  })

  it("refuses a paired device that claims another device's peer id", async () => {
    const [laptopDevice, phoneDevice, tabletDevice] = pairedDevices('laptop', 'phone', 'tablet') as [
      TestDevice,
      TestDevice,
      TestDevice
    ]
    const laptop = await listeningRepo(laptopDevice, 'laptop')
    const phone = await dialingRepo(phoneDevice, 'phone', laptop.port, { tapped: false })
    await until(() => laptop.adapter.connectedPeers.includes('phone' as PeerId), 'the phone to connect')

    const logger = recordingLogger()
    const tablet = new SecureClientAdapter({
      deviceKeys: tabletDevice.keys,
      trust: tabletDevice.trust,
      logger,
      host: '127.0.0.1',
      port: laptop.port,
      retryIntervalMs: 0
    })
    cleanup.push(async () => {
      tablet.disconnect()
      phone.adapter.disconnect()
      await laptop.adapter.close()
    })
    let tabletSawPeer = false
    tablet.on('peer-candidate', () => (tabletSawPeer = true))
    tablet.connect('phone' as PeerId) // the tablet is paired, but "phone" is the phone's peer id
    await until(() => laptop.logger.warnings.length > 0, 'a refusal')
    expect(laptop.logger.warnings[0]).toMatch(/device tablet .*: peer id "phone" belongs to another device/)
    expect(tabletSawPeer).toBe(false)
    expect(laptop.adapter.connectedPeers).toEqual(['phone'])
  })

  it('refuses a device presenting a peer id other than the one it was paired with', async () => {
    const laptopDevice = newTestDevice('laptop')
    const phoneDevice = newTestDevice('phone')
    laptopDevice.pin(phoneDevice, 'phone-7f3a' as PeerId)
    phoneDevice.pin(laptopDevice)
    const laptop = await listeningRepo(laptopDevice, 'laptop')
    const phone = await dialingRepo(phoneDevice, 'someone-else', laptop.port, { tapped: false })
    cleanup.push(async () => {
      phone.adapter.disconnect()
      await laptop.adapter.close()
    })
    await until(() => laptop.logger.warnings.length > 0, 'a refusal')
    expect(laptop.logger.warnings[0]).toMatch(/announced peer id "someone-else", but it is paired as "phone-7f3a"/)
  })

  it('puts no plaintext of a synced value on the wire', async () => {
    const { laptop, phone } = await laptopAndPhone()
    const value = 'Quokka-Lighthouse-7731 Marigold Street'
    const onLaptop = laptop.repo.create<Card>({})
    onLaptop.change((card) => {
      card.address = value
    })
    // Sanity: Automerge's own bytes do hold the value, so an unencrypted transport would leak it.
    expect(Buffer.from(A.save(onLaptop.doc())).includes(value)).toBe(true)

    const onPhone = await phone.repo.find<Card>(onLaptop.url)
    await until(() => onPhone.doc().address === value, 'the value to arrive')
    const wire = phone.tap?.bytes() ?? Buffer.alloc(0)
    expect(wire.length).toBeGreaterThan(value.length)
    for (const form of [
      Buffer.from(value, 'utf8'),
      Buffer.from(value, 'utf16le'),
      Buffer.from(Buffer.from(value).toString('base64').slice(0, 24)),
      Buffer.from(Buffer.from(value).toString('hex'))
    ]) {
      expect(wire.includes(form)).toBe(false)
    }
    expect(wire.includes('Quokka')).toBe(false)
  })
})
