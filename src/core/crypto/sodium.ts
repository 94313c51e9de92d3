import sodiumModule from 'libsodium-wrappers-sumo'

export type Sodium = typeof sodiumModule

let ready: Promise<Sodium> | undefined

/** libsodium (sumo build, for Argon2id), initialised once per process. */
export function loadSodium(): Promise<Sodium> {
  ready ??= sodiumModule.ready.then(() => sodiumModule)
  return ready
}

/** The initialised instance; callers must have awaited loadSodium() first. */
export function sodium(): Sodium {
  if (!ready) throw new Error('libsodium used before loadSodium()')
  return sodiumModule
}
