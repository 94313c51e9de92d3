import { spawn } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const WATCH_PARENT = pathToFileURL(new URL('./watch-parent.ts', import.meta.url).pathname).href

/**
 * A long-lived program (like `mevault serve`) that exits when watchParent says so, and would
 * otherwise run on forever.
 */
const WATCHER = `
import { register } from 'tsx/esm/api'
register()
const { watchParent } = await import(${JSON.stringify(WATCH_PARENT)})
setInterval(() => {}, 60_000)
watchParent(() => process.exit(0), 50)
console.log('watching')
`

/** Like npm: starts the watcher with the same output, says its pid, and does not pass signals on. */
const PARENT = `
const child = require('node:child_process').spawn(process.execPath, ['--input-type=module', '-e', process.argv[1]], { stdio: 'inherit' })
console.log('child ' + child.pid)
`

describe('watchParent', () => {
  it('ends a program whose parent was killed, where it would otherwise run on as an orphan', async () => {
    const parent = spawn(process.execPath, ['-e', PARENT, WATCHER], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    let childGone = false
    // The pipe closes once its last writer has exited: the parent, and then the watcher itself.
    const outputClosed = new Promise<void>((resolve) =>
      parent.stdout.once('close', () => {
        childGone = true
        resolve()
      })
    )
    const watching = new Promise<void>((resolve) =>
      parent.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (/watching/.test(output) && /child \d+/.test(output)) resolve()
      })
    )
    const childPid = (): number => Number(/child (\d+)/.exec(output)?.[1] ?? 0)
    try {
      await watching
      parent.kill('SIGTERM')
      const stillRunning = new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 30_000).unref())
      expect(await Promise.race([outputClosed.then(() => 'stopped'), stillRunning]), 'the watcher outlived its parent').toBe('stopped')
    } finally {
      if (parent.exitCode === null) parent.kill('SIGKILL')
      // Only while its output is still open: once it has exited, its pid may belong to another process.
      if (!childGone && childPid() > 0) process.kill(childPid(), 'SIGKILL')
    }
  })
})
