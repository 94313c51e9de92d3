/**
 * The front door of a process that holds a vault (`mevault serve`, `mevault sync serve`, the app):
 * a local socket only this user can open, over which the CLI calls the same typed API as the UI.
 * Every call is validated by the API's own schemas (invokeMethod); a bad frame gets an error
 * answer and never ends the holder.
 */
import { chmodSync, lstatSync, unlinkSync } from 'node:fs'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { invokeMethod, isMethodName, type MeVaultApi, type VaultEvents, type WireError } from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import { doorAddresses, prepareRuntimeFolder, isPrivateFolder, type DoorAddress } from './door-address.js'
import { encodeFrame, LineSplitter, MAX_CALL_BYTES, SUBSCRIBE_METHOD, type AnswerFrame, type CallId, type EventFrame } from './frames.js'

export interface FrontDoor {
  /** Where it listens: a socket path, or a named pipe on Windows. */
  path: string
  close(): Promise<void>
}

/**
 * Opens the door of the vault in `vaultDir` for `api`. Throws BUSY when another live process
 * already answers there, and the last listen error when no address could be used. With `events`,
 * a client may subscribe to the holder's change events.
 */
export async function openFrontDoor(api: MeVaultApi, vaultDir: string, events?: VaultEvents): Promise<FrontDoor> {
  let lastError: unknown = new MeVaultError('BUSY', 'No private folder for the front door')
  for (const address of doorAddresses(vaultDir)) {
    if (!usableFolder(address)) continue
    try {
      return await listenAt(api, events, address)
    } catch (error) {
      if (error instanceof MeVaultError && error.code === 'BUSY') throw error
      lastError = error
    }
  }
  throw lastError
}

/** The vault folder is used only as it is (0700, this user's); the runtime folder is made so. */
function usableFolder(address: DoorAddress): boolean {
  if (address.kind === 'vault') return isPrivateFolder(address.folder!)
  if (address.kind === 'runtime') return prepareRuntimeFolder(address.folder!)
  return true
}

async function listenAt(api: MeVaultApi, events: VaultEvents | undefined, address: DoorAddress): Promise<FrontDoor> {
  const connections = new Set<Socket>()
  const server = createServer((socket) => {
    connections.add(socket)
    socket.on('close', () => connections.delete(socket))
    serveConnection(api, events, socket)
  })
  try {
    await listen(server, address.path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    // A socket file is there: a live holder answers on it, or one that died left it behind.
    if (await somebodyAnswers(address.path)) {
      throw new MeVaultError('BUSY', `Another MeVault process already serves this vault at ${address.path}`)
    }
    unlinkSync(address.path)
    await listen(server, address.path)
  }
  // The folder already keeps others out; the socket itself is closed to them too.
  if (address.folder) chmodSync(address.path, 0o600)
  const ours = address.folder ? lstatSync(address.path).ino : undefined
  return {
    path: address.path,
    close: async () => {
      for (const socket of connections) socket.destroy()
      await new Promise<void>((done) => server.close(() => done()))
      // Node removes the socket file on close; a successor's file (another inode) is left alone.
      if (ours !== undefined) removeIfSame(address.path, ours)
    }
  }
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error): void => reject(error)
    server.once('error', failed)
    server.listen(path, () => {
      server.off('error', failed)
      resolve()
    })
  })
}

/** True when a process accepts connections at `path` (a stale file refuses them). */
export function somebodyAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path)
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => resolve(false))
  })
}

function removeIfSame(path: string, ino: number): void {
  try {
    if (lstatSync(path).ino === ino) unlinkSync(path)
  } catch {
    // already gone
  }
}

/** One client connection: calls are answered as they complete (each carries its id). */
function serveConnection(api: MeVaultApi, events: VaultEvents | undefined, socket: Socket): void {
  const send = (frame: AnswerFrame | EventFrame): void => {
    if (!socket.destroyed && socket.writable) socket.write(encodeFrame(frame))
  }
  const fail = (id: CallId | null, code: WireError['code'], message: string): void => send({ id, error: { code, message } })
  const lines = new LineSplitter(
    MAX_CALL_BYTES,
    (line) => void answer(line),
    () => {
      fail(null, 'BAD_INPUT', `A call must be at most ${MAX_CALL_BYTES} bytes; this connection is closed`)
      socket.end()
    }
  )
  socket.on('data', (chunk: Buffer) => lines.push(chunk))
  // A client that goes away mid-call is no fault of the holder's.
  socket.on('error', () => socket.destroy())
  let unsubscribe: (() => void) | undefined
  socket.on('close', () => unsubscribe?.())

  function subscribe(id: CallId): void {
    if (!events) return fail(id, 'NOT_FOUND', 'This MeVault process sends no change events')
    unsubscribe ??= events.onChange((change) => send({ event: { kind: change.kind } }))
    send({ id, result: null })
  }

  async function answer(line: string): Promise<void> {
    if (line.trim() === '') return
    let frame: unknown
    try {
      frame = JSON.parse(line)
    } catch {
      return fail(null, 'BAD_INPUT', 'A call must be one JSON object per line')
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
      return fail(null, 'BAD_INPUT', 'A call must be a JSON object {id, method, input}')
    }
    const { id, method, input } = frame as Record<string, unknown>
    if (!(typeof id === 'number' || (typeof id === 'string' && id.length <= 64))) {
      return fail(null, 'BAD_INPUT', 'A call needs an id: a number, or a string of at most 64 characters')
    }
    if (method === SUBSCRIBE_METHOD) return subscribe(id)
    if (typeof method !== 'string' || !isMethodName(method)) {
      return fail(id, 'NOT_FOUND', `No API method named "${String(method).slice(0, 64)}"`)
    }
    const result = await invokeMethod(api, method, input)
    send(result.ok ? { id, result: result.value } : { id, error: result.error })
  }
}
