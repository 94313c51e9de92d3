// The new-record worker when MeVault runs from its TypeScript sources (tsx, vitest): registers tsx in
// this thread, as the engine worker does, then runs the real entry. Bundles use new-record-worker.js.
import { register } from 'tsx/esm/api'

register()
await import('./new-record-worker.ts')
