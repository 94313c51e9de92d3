import { connect, createServer, type Server, type Socket } from 'node:net'
import { FrameReader, encodeFrame } from '../wire-frames.js'

export type Direction = 'to-server' | 'to-client'

/**
 * A TCP relay on 127.0.0.1 between a client and a server that records every byte in both directions,
 * and can rewrite chunks on their way (to play an attacker who alters, replays or drops frames).
 */
export class TcpTap {
  readonly recorded: Record<Direction, Buffer[]> = { 'to-server': [], 'to-client': [] }
  /**
   * Rewrites whole frames on their way (index 0 is the greeting, 1 the authentication, then messages):
   * return the frames to forward instead (or `{ bytes }` to write as they are, such as the first half
   * of a frame). Set it before the connection starts; unset, bytes pass untouched.
   */
  rewriteFrames: ((direction: Direction, index: number, frame: Uint8Array) => Array<Uint8Array | { bytes: Uint8Array }>) | undefined
  readonly #server: Server
  readonly #sockets = new Set<Socket>()
  port = 0

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1'
  ) {
    this.#server = createServer((client) => this.#relay(client))
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    const address = this.#server.address()
    this.port = address && typeof address === 'object' ? address.port : 0
    return this.port
  }

  bytes(direction?: Direction): Buffer {
    const chunks = direction ? this.recorded[direction] : [...this.recorded['to-server'], ...this.recorded['to-client']]
    return Buffer.concat(chunks)
  }

  get totalBytes(): number {
    return this.bytes().length
  }

  /** Cuts every relayed connection at once, as a network failure would. */
  cutAll(): void {
    for (const socket of this.#sockets) socket.destroy()
  }

  /** Closes every relayed connection after what was already forwarded has been sent: a cut at an exact point. */
  endAll(): void {
    for (const socket of this.#sockets) socket.end()
  }

  async stop(): Promise<void> {
    this.cutAll()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  #relay(client: Socket): void {
    const server = connect({ host: this.targetHost, port: this.targetPort })
    this.#sockets.add(client).add(server)
    const pipe = (from: Socket, to: Socket, direction: Direction): void => {
      const reader = new FrameReader(2 ** 31)
      let index = 0
      from.on('data', (chunk: Buffer) => {
        this.recorded[direction].push(Buffer.from(chunk))
        if (to.destroyed) return
        if (!this.rewriteFrames) return void to.write(chunk)
        reader.push(chunk)
        for (let frame = reader.nextFrame(); frame; frame = reader.nextFrame()) {
          for (const out of this.rewriteFrames(direction, index, frame)) to.write(out instanceof Uint8Array ? encodeFrame(out) : out.bytes)
          index += 1
        }
      })
      from.on('close', () => to.destroy())
      from.on('error', () => to.destroy())
    }
    pipe(client, server, 'to-server')
    pipe(server, client, 'to-client')
    client.on('close', () => this.#sockets.delete(client))
    server.on('close', () => this.#sockets.delete(server))
  }
}
