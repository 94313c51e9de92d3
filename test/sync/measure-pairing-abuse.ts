/**
 * Memory of an inviting machine under the pairing-listener abuse of issue 9 (real CLI processes,
 * real sockets on 127.0.0.1):
 *   npx tsx test/sync/measure-pairing-abuse.ts [connections=30]
 * Runs `mevault pair invite` as its own process, then opens CONNECTIONS connections that each complete
 * the handshake (the listener takes any key) and start a 64 MiB frame, sending up to its 64 MiB while
 * the connection stays open. Prints the inviter's resident memory before, at its peak and after,
 * how long the connections stayed open, and whether a real device then joins with `pair accept`.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import { loadSodium } from '../../src/core/crypto/sodium.js'
import { BIN } from '../helpers/cli-process.js'
import { frameHeader, handshakeWithInviter } from './pairing-attacker.js'

const connections = Number(process.argv[2] ?? 30)
const FRAME = 64 * 1024 * 1024
const CHUNK = new Uint8Array(1024 * 1024)
const root = mkdtempSync(join(tmpdir(), 'mevault-abuse-'))

const sandbox = (name: string): NodeJS.ProcessEnv => ({
  ...process.env,
  MEVAULT_HOME: join(root, name, 'vault'),
  MEVAULT_KEY_FILE: join(root, name, 'key.json'),
  MEVAULT_PASSPHRASE: 'correct horse battery staple',
  XDG_CONFIG_HOME: join(root, name, 'config'),
  XDG_DATA_HOME: join(root, name, 'data')
})

/** Resident and peak resident memory of a process, in MB, from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

function drainedOrClosed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done).off('close', done)
      resolve()
    }
    socket.once('drain', done).once('close', done)
  })
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
let inviterPid: number | undefined

try {
  await loadSodium()
  const laptop = sandbox('laptop')
  spawnSync(process.execPath, [BIN, 'init', '--kit', join(root, 'kit.txt')], { env: laptop, cwd: root })
  spawnSync(process.execPath, [BIN, 'set', 'contact.email'], { env: laptop, cwd: root, input: 'ada@example.org' })

  const inviter = spawn(process.execPath, [BIN, 'pair', 'invite', '--json'], { env: laptop, cwd: root })
  let stdout = ''
  let stderr = ''
  inviter.stdout.on('data', (chunk) => (stdout += chunk))
  inviter.stderr.on('data', (chunk) => (stderr += chunk))
  inviterPid = inviter.pid
  const inviterExited = new Promise<number | null>((resolve) => inviter.on('close', resolve))
  while (!/\}\n/.test(stdout)) await settle(50)
  const { code } = JSON.parse(stdout) as { code: string }
  await settle(1000)
  const before = memoryOf(inviter.pid!)

  let peakDuring = before.rss
  const sampler = setInterval(() => (peakDuring = Math.max(peakDuring, memoryOf(inviter.pid!).rss)), 50)
  const started = performance.now()
  const openFor = await Promise.all(
    Array.from({ length: connections }, async (_, index) => {
      const attacker = await handshakeWithInviter(code).catch((error: Error) => {
        throw new Error(`connection ${index}: no handshake (${error.message}); inviter said: ${stderr}`)
      })
      const opened = performance.now()
      attacker.socket.write(frameHeader(FRAME))
      // Keep sending the frame's bytes for as long as the inviter keeps the connection open.
      for (let sent = 0; sent < FRAME && !attacker.isClosed; sent += CHUNK.length) {
        if (!attacker.socket.write(CHUNK)) await drainedOrClosed(attacker.socket)
      }
      await attacker.closed
      return (performance.now() - opened) / 1000
    })
  )
  const attackSeconds = (performance.now() - started) / 1000
  await settle(1000)
  clearInterval(sampler)
  const after = memoryOf(inviter.pid!)

  const joined = spawnSync(process.execPath, [BIN, 'pair', 'accept', code, '--name', 'phone', '--json'], {
    env: sandbox('phone'),
    cwd: root,
    encoding: 'utf8'
  })
  const inviterCode = await inviterExited

  console.log(`${connections} connections, each starting a 64 MiB frame after the handshake (attack took ${attackSeconds.toFixed(1)} s)`)
  console.log(`inviter RSS before: ${before.rss.toFixed(0)} MB; peak during: ${peakDuring.toFixed(0)} MB (+${(peakDuring - before.rss).toFixed(0)} MB); after: ${after.rss.toFixed(0)} MB`)
  console.log(`longest a connection stayed open after its handshake: ${Math.max(...openFor).toFixed(2)} s`)
  console.log(`a real device then joined: pair accept exit ${joined.status}, pair invite exit ${inviterCode}`)
  if (joined.status !== 0) console.log(joined.stderr)
  if (inviterCode !== 0) console.log(stderr)
} finally {
  if (inviterPid !== undefined) {
    try {
      process.kill(inviterPid, 'SIGINT') // still waiting if no device joined
    } catch {
      // already gone
    }
  }
  rmSync(root, { recursive: true, force: true })
}
