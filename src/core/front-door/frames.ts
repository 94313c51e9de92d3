/**
 * The front door's wire format: one JSON object per line (UTF-8, "\n"-terminated).
 * A call is {id, method, input}; its answer {id, result} or {id, error: {code, message}}.
 * A client that calls SUBSCRIBE_METHOD then also gets each change event as {event: {kind}}.
 */
import type { VaultChange, WireError } from '../../shared/api.js'

/** The most a call may carry: a request file is 256 KiB and a field value 64 KiB, so 1 MiB is ample. */
export const MAX_CALL_BYTES = 1024 * 1024
/** Answers can be larger (an export of a big vault); still bounded, so a runaway peer cannot fill memory. */
export const MAX_ANSWER_BYTES = 512 * 1024 * 1024

export type CallId = string | number
export interface CallFrame {
  id: CallId
  method: string
  input?: unknown
}
export type AnswerFrame = { id: CallId | null; result?: unknown } | { id: CallId | null; error: WireError }

/** A change in the vault, sent to a connection that subscribed (so `pair invite` waits without polling). */
export interface EventFrame {
  event: VaultChange
}
/**
 * Not an API method: it asks the holder for its change events on this connection, from the moment
 * the line is read (so a call sent after it cannot bring a change the client misses).
 */
export const SUBSCRIBE_METHOD = 'door.subscribe'

export const encodeFrame = (frame: CallFrame | AnswerFrame | EventFrame): string => `${JSON.stringify(frame)}\n`

/**
 * Splits a byte stream into lines. A line (or the unfinished tail) over `maxBytes` is reported
 * once through `onOversize` and reading stops: a stream cannot be resynchronised safely after it.
 */
export class LineSplitter {
  private buffered: Buffer[] = []
  private bufferedBytes = 0
  private stopped = false

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOversize: () => void
  ) {}

  push(chunk: Buffer): void {
    let rest = chunk
    while (!this.stopped) {
      const end = rest.indexOf(0x0a)
      if (end === -1) {
        this.buffered.push(rest)
        this.bufferedBytes += rest.length
        if (this.bufferedBytes > this.maxBytes) this.oversize()
        return
      }
      const line = Buffer.concat([...this.buffered, rest.subarray(0, end)])
      this.buffered = []
      this.bufferedBytes = 0
      rest = rest.subarray(end + 1)
      if (line.length > this.maxBytes) return this.oversize()
      this.onLine(line.toString('utf8'))
    }
  }

  private oversize(): void {
    this.stopped = true
    this.buffered = []
    this.onOversize()
  }
}
