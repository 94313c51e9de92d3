import { describe, expect, it } from 'vitest'
import type { Timers } from '../../shared/clear-copied.js'
import { createCopyHandler, electronCopier } from './clipboard-ipc.js'

/** A system clipboard of the test's own (Electron's is not here), and timers the test fires. */
function desk() {
  const board = { text: 'the person’s own note' }
  const clipboard = {
    readText: () => board.text,
    writeText: (text: string) => void (board.text = text),
    clear: () => void (board.text = '')
  }
  const waiting = new Map<number, { run: () => void; ms: number }>()
  let next = 0
  const timers: Timers = {
    setTimeout: (run, ms) => (waiting.set(++next, { run, ms }), next),
    clearTimeout: (handle) => void waiting.delete(handle as number)
  }
  /** Lets every timer due now run (as if its time had come). */
  const elapse = async (): Promise<void> => {
    const due = [...waiting.values()]
    waiting.clear()
    for (const timer of due) timer.run()
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { board, clipboard, timers, waiting, elapse }
}

const WINDOW = 'mevault-app://app/index.html'
const ours = { frameUrl: WINDOW, isMainFrame: true }

describe('copying a value from the vault (Electron clipboard in main)', () => {
  it('clears the clipboard after the delay when it still holds the copied value', async () => {
    const { board, clipboard, timers, waiting, elapse } = desk()
    const copy = createCopyHandler(electronCopier(clipboard, timers), WINDOW)
    expect(await copy(ours, { text: 'DE89 3704 0044', clearAfterMs: 30_000 })).toBe(true)
    expect(board.text).toBe('DE89 3704 0044')
    expect([...waiting.values()].map((t) => t.ms)).toEqual([30_000])
    await elapse()
    expect(board.text).toBe('')
  })

  it('leaves alone what the person copied elsewhere since', async () => {
    const { board, clipboard, timers, elapse } = desk()
    const copy = createCopyHandler(electronCopier(clipboard, timers), WINDOW)
    await copy(ours, { text: 'DE89 3704 0044', clearAfterMs: 30_000 })
    board.text = 'a line from an email'
    await elapse()
    expect(board.text).toBe('a line from an email')
  })

  it('a second copy restarts the wait for the newer value only', async () => {
    const { board, clipboard, timers, waiting, elapse } = desk()
    const copy = createCopyHandler(electronCopier(clipboard, timers), WINDOW)
    await copy(ours, { text: 'first', clearAfterMs: 30_000 })
    await copy(ours, { text: 'second', clearAfterMs: 5_000 })
    expect([...waiting.values()].map((t) => t.ms)).toEqual([5_000])
    await elapse()
    expect(board.text).toBe('')
  })

  it('copies nothing for another frame or page, or for input out of range', async () => {
    const { board, clipboard, timers, waiting } = desk()
    const copy = createCopyHandler(electronCopier(clipboard, timers), WINDOW)
    expect(await copy({ frameUrl: 'https://evil.example/', isMainFrame: true }, { text: 'x', clearAfterMs: 30_000 })).toBe(false)
    expect(await copy({ frameUrl: WINDOW, isMainFrame: false }, { text: 'x', clearAfterMs: 30_000 })).toBe(false)
    expect(await copy(ours, { text: 'x', clearAfterMs: 0 })).toBe(false) // never cleared: refused
    expect(await copy(ours, { text: 'x', clearAfterMs: 1.5 })).toBe(false)
    expect(await copy(ours, { text: 42, clearAfterMs: 30_000 })).toBe(false)
    expect(await copy(ours, 'x')).toBe(false)
    expect(board.text).toBe('the person’s own note')
    expect(waiting.size).toBe(0)
  })

  it('clears at once on quit, if the clipboard still holds the value', async () => {
    const { board, clipboard, timers, waiting } = desk()
    const copier = electronCopier(clipboard, timers)
    await copier.copy('DE89 3704 0044', 30_000)
    await copier.clearNow()
    expect(board.text).toBe('')
    expect(waiting.size).toBe(0)
  })
})
