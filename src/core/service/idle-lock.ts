import { METHOD_NAMES, type MeVaultApi, type MethodName } from '../../shared/api.js'

/** Calls a page makes by itself to keep a screen current: they are not someone using the vault. */
const BACKGROUND: ReadonlySet<MethodName> = new Set<MethodName>(['vault.state', 'devices.list', 'devices.syncStatus'])

/**
 * The vault service, locking itself after `idleMs` without use. The page has its own auto-lock,
 * but under `mevault serve` a closed tab would otherwise leave the vault unlocked in the server
 * process for as long as it runs.
 */
export function withIdleLock(api: MeVaultApi, idleMs: number): MeVaultApi & { stop(): void } {
  let timer: NodeJS.Timeout | undefined
  // Calls still running: with the engine in its own thread, the timer can fire during a long call
  // (an unlock's Argon2id, a sync), which is use, not idleness.
  let running = 0
  const idleMinutes = Math.round(idleMs / 60_000)
  const touch = (): void => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      if (running === 0) void api['vault.lock']().catch(() => {})
    }, idleMs)
    timer.unref()
  }
  const wrapped = Object.fromEntries(
    METHOD_NAMES.map((name) => {
      const call = api[name] as (input: unknown) => Promise<unknown>
      return [
        name,
        async (input: unknown) => {
          // The page's own auto-lock choice is overridden by this one: it says so (Settings).
          if (name === 'vault.state' && idleMinutes >= 1) return { ...((await call.call(api, input)) as object), idleLockMinutes: idleMinutes }
          if (BACKGROUND.has(name)) return call.call(api, input)
          touch()
          running += 1
          try {
            return await call.call(api, input)
          } finally {
            running -= 1
            touch() // idle counts from the end of a use: unlocking alone takes a while
          }
        }
      ]
    })
  ) as unknown as MeVaultApi
  return Object.assign(wrapped, { stop: () => clearTimeout(timer) })
}
