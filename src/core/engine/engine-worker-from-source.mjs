// The engine worker when MeVault runs from its TypeScript sources (tsx, vitest): registers tsx in this
// thread, as bin/mevault.js does for the CLI, then runs the real entry. The compiled CLI does not use it.
import { register } from 'tsx/esm/api'

register()
await import('./engine-worker.ts')
