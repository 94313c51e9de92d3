import { afterEach, describe, expect, it } from 'vitest'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import { until } from '../../src/core/sync/testing/repo-peers.js'
import { TcpTap } from '../../src/core/sync/testing/tcp-tap.js'
import { serveSync, syncNow } from '../../src/core/sync/sync-session.js'
import { isMeVaultError } from '../../src/shared/errors.js'
import { vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
afterEach(async () => {
  await peers.closeAll()
  peers = vaultPeers()
})

describe('a sync cut off halfway', () => {
  it('leaves a usable vault that converges at the next sync, after a restart, with nothing lost', async () => {
    const laptop = await peers.first('laptop')
    for (let i = 0; i < 400; i += 1) await laptop.set(`record${Math.floor(i / 5)}.field${i % 5}`, `laptop value ${i}`)
    const phone = await peers.join(laptop, 'phone')
    await phone.set('phone.note', 'written on the phone before the cut')

    const server = await serveSync(laptop, { logger: recordingLogger() })
    const tap = new TcpTap(server.port)
    // The line goes dead after some 30 of the 80 records have crossed (a record's changes: one frame of 200+ bytes).
    let recordsSent = 0
    let dead = false
    tap.rewriteFrames = (direction, _index, frame) => {
      if (direction === 'to-client' && frame.length > 200 && ++recordsSent > 30) dead = true
      return dead ? [] : [frame]
    }
    const port = await tap.start()
    const cut = until(() => dead, 'part of the vault to cross', 30_000).then(() => tap.cutAll())
    let failure: unknown
    await syncNow(phone, { host: '127.0.0.1', port, logger: recordingLogger() }).catch((error: unknown) => (failure = error))
    await cut
    await tap.stop()
    expect(isMeVaultError(failure, 'BUSY')).toBe(true)
    expect((failure as Error).message).toMatch(/did not finish: the other device went away/)

    // The phone restarts: what arrived is intact, nothing of its own is lost.
    const phoneAgain = await peers.reopen(phone)
    const { fields: partial, damaged } = await phoneAgain.listWithDamage()
    expect(damaged).toEqual([]) // records the index names but that have not arrived are pending, not damage
    expect(partial.length).toBeLessThan(401)
    expect((await phoneAgain.get('phone.note')).value).toBe('written on the phone before the cut')

    const summary = await syncNow(phoneAgain, { host: server.host, port: server.port, logger: recordingLogger() })
    await server.close()
    expect(summary.fieldsAdded).toBe(401 - partial.length)
    expect(await phoneAgain.list()).toEqual(await laptop.list())
    expect((await laptop.get('phone.note')).value).toBe('written on the phone before the cut')
  })
})
