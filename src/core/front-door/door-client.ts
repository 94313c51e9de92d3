/**
 * The CLI's side of the front door: knocks at the vault's door and, when a holder answers, gives
 * back the same typed MeVaultApi over the socket. A socket file that nobody answers on was left
 * by a holder that died: it is removed, and the caller opens the vault itself.
 */
import { lstatSync, unlinkSync } from 'node:fs'
import { createConnection, type Socket } from 'node:net'
import type { MeVaultApi, MethodName } from '../../shared/api.js'
import { isVaultChange, type VaultChange, type VaultEvents } from '../../shared/vault-change.js'
import { fromWireError } from '../../shared/wire-errors.js'
import { MeVaultError } from '../../shared/errors.js'
import { doorAddresses, isPrivateFolder, ownedByMe, type DoorAddress } from './door-address.js'
import { encodeFrame, LineSplitter, MAX_ANSWER_BYTES, SUBSCRIBE_METHOD, type AnswerFrame, type EventFrame } from './frames.js'

export interface DoorConnection {
  api: MeVaultApi
  /**
   * The holder's change events. The first listener subscribes; events count from then on, calls
   * made after it included. When the holder goes away, listeners hear `lock`: the vault is closed to
   * this client either way.
   */
  events: VaultEvents
  /** The socket (or pipe) the holder answered on. */
  path: string
  close(): void
}

/** The holder's API when a process holds the vault in `vaultDir`; undefined when none does. */
export async function knockFrontDoor(vaultDir: string): Promise<DoorConnection | undefined> {
  for (const address of doorAddresses(vaultDir)) {
    if (!trustworthy(address)) continue
    const socket = await connect(address.path)
    if (socket === 'stale') {
      removeStale(address.path)
      continue
    }
    if (socket) return { ...clientOver(socket), path: address.path, close: () => socket.end() }
  }
  return undefined
}

/**
 * Only a socket of this user's, in a folder only this user can enter: anything else could be
 * another user's trap for the passphrase the CLI would send through it.
 */
function trustworthy(address: DoorAddress): boolean {
  if (address.kind === 'pipe') return true
  try {
    const stat = lstatSync(address.path)
    return stat.isSocket() && ownedByMe(stat.uid) && isPrivateFolder(address.folder!)
  } catch {
    return false
  }
}

/** The connected socket, 'stale' when the file is there but nobody listens, undefined otherwise. */
function connect(path: string): Promise<Socket | 'stale' | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection(path)
    socket.once('connect', () => resolve(socket))
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'stale' : undefined))
  })
}

function removeStale(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // A read-only vault folder keeps it; it is skipped the same way next time.
  }
}

function clientOver(socket: Socket): { api: MeVaultApi; events: VaultEvents } {
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  const listeners = new Set<(change: VaultChange) => void>()
  let subscribed = false
  const tell = (change: VaultChange): void => {
    for (const listener of listeners) listener(change)
  }
  let nextId = 1
  let ended: Error | undefined
  const endAll = (error: Error): void => {
    ended ??= error
    for (const call of pending.values()) call.reject(ended)
    pending.clear()
  }
  const lines = new LineSplitter(
    MAX_ANSWER_BYTES,
    (line) => {
      let frame: AnswerFrame | EventFrame
      try {
        frame = JSON.parse(line) as AnswerFrame | EventFrame
      } catch {
        return endAll(new MeVaultError('BAD_INPUT', 'The MeVault process holding the vault answered something that is not JSON'))
      }
      if ('event' in frame) {
        if (isVaultChange(frame.event)) tell({ kind: frame.event.kind })
        return
      }
      if (frame.id === null && 'error' in frame) return endAll(fromWireError(frame.error))
      const call = typeof frame.id === 'number' ? pending.get(frame.id) : undefined
      if (!call) return
      pending.delete(frame.id as number)
      if ('error' in frame) call.reject(fromWireError(frame.error))
      else call.resolve(frame.result)
    },
    () => {
      endAll(new MeVaultError('BAD_INPUT', 'The MeVault process holding the vault sent an answer too large to read'))
      socket.destroy()
    }
  )
  socket.on('data', (chunk: Buffer) => lines.push(chunk))
  socket.on('error', () => {})
  socket.on('close', () => {
    endAll(new MeVaultError('BUSY', 'The MeVault process holding the vault went away before answering; run the command again'))
    if (subscribed) tell({ kind: 'lock' })
    listeners.clear()
  })
  const call = (method: MethodName | typeof SUBSCRIBE_METHOD, input: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (ended) return reject(ended)
      const id = nextId++
      pending.set(id, { resolve, reject })
      socket.write(encodeFrame({ id, method, input }))
    })
  const events: VaultEvents = {
    onChange(listener) {
      listeners.add(listener)
      if (!subscribed && !ended) {
        subscribed = true
        // Its answer is only an acknowledgement; a holder without events answers NOT_FOUND, and stays silent.
        void call(SUBSCRIBE_METHOD, undefined).catch(() => {})
      }
      return () => void listeners.delete(listener)
    }
  }
  // Any method name becomes a call, and the holder checks it (as it checks every input): the list
  // of names lives beside the API's schemas, and loading those (zod) would cost a command through
  // the door more than the call itself.
  const api = new Proxy({} as MeVaultApi, {
    get: (_target, method) => (typeof method === 'string' && method !== 'then' ? (input: unknown) => call(method as MethodName, input) : undefined)
  })
  return { api, events }
}
