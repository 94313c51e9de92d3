import { describe, expect, it } from 'vitest'
import { EXIT } from '../../src/cli/exit-codes.js'
import { cliSandbox } from '../helpers/cli.js'
import { startCli } from '../helpers/cli-process.js'

/*
 * `sync now` and `pair accept` used to print their result and then stay alive for ~14 s: a poller
 * waiting for the connection to fail kept running, with its timer, until 15 s after the connection
 * began. A command must end as soon as its work is done. After the result is printed we wait for the
 * process to exit with a generous cap of 10 s: far more than closing the vault takes even on a busy
 * machine, yet shorter than that linger, so the old behaviour fails here. This is a liveness bound,
 * not a speed assertion (how fast a sync runs belongs to `npm run bench`).
 */
const EXIT_CAP_MS = 10_000

async function exitsPromptly(exited: Promise<number>): Promise<number | 'still running'> {
  let timer: NodeJS.Timeout | undefined
  const cap = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), EXIT_CAP_MS)))
  try {
    return await Promise.race([exited, cap])
  } finally {
    clearTimeout(timer)
  }
}

describe('sync commands end when their work is done', () => {
  it('`pair accept` and `sync now` exit right after printing their result', async () => {
    const laptop = cliSandbox()
    const phone = cliSandbox()
    expect(laptop.run(['init', '--json']).code).toBe(0)
    expect(laptop.run(['set', 'contact.email', 'ada@example.org']).code).toBe(0)
    const serve = startCli(['sync', 'serve', '--invite'], laptop.env, laptop.root)
    try {
      const [, address] = await serve.waitFor(/on (127\.0\.0\.1:\d+)/)
      const [, code] = await serve.waitFor(/Invitation: (mv1-\S+)/)

      const accept = startCli(['pair', 'accept', code!, '--name', 'phone', '--json'], phone.env, phone.root)
      await accept.waitFor(/"firstSync": \{/, 120_000)
      expect(await exitsPromptly(accept.exited), accept.stderr).toBe(EXIT.OK)
      expect(JSON.parse(accept.stdout).firstSync).toMatchObject({ fieldsAdded: 1 })

      const now = startCli(['sync', 'now', '--peer', address!], phone.env, phone.root)
      await now.waitFor(/In step with/, 120_000)
      expect(await exitsPromptly(now.exited), now.stderr).toBe(EXIT.OK)
      expect(now.stdout).toMatch(/already in step/)
    } finally {
      expect(await serve.stop()).toBe(EXIT.OK)
    }
  }, 240_000)
})
