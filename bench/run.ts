/**
 * `npm run bench`: every speed figure of MeVault, as medians of several runs, in one table.
 * A section that fails is reported as FAILED and the others still print (exit code 1).
 */
import { performance } from 'node:perf_hooks'
import { benchAdapter } from './adapter.js'
import { benchBackup } from './backup.js'
import { benchInitialSync } from './initial-sync.js'
import { benchImport } from './import.js'
import { benchLedger } from './ledger.js'
import { benchOpenId4Vp } from './openid4vp.js'
import { benchPackets } from './packets.js'
import { benchProcesses } from './processes.js'
import { benchRequester } from './requester.js'
import { benchRequesterBinding } from './requester-binding.js'
import { benchServeMemory } from './serve-memory.js'
import { formatTable, type Figure } from './stats.js'
import { benchSyncWire } from './sync-wire.js'
import { benchUi } from './ui.js'
import { benchVault } from './vault.js'


const sections: Array<{ name: string; run: () => Promise<Figure[]> }> = [
  { name: 'vault', run: () => benchVault() },
  { name: 'storage adapter', run: () => benchAdapter() },
  {
    name: 'packets',
    run: async () =>
      (await benchPackets()).map((row) => ({ name: row.name, value: row.medianMs, unit: 'ms', target: row.target, note: row.note }))
  },
  { name: 'ledger', run: () => benchLedger() },
  { name: 'backup', run: () => benchBackup() },
  { name: 'import', run: () => benchImport() },
  { name: 'requester kit', run: () => benchRequester() },
  { name: 'requester check', run: () => benchRequesterBinding() },
  { name: 'openid4vp', run: () => benchOpenId4Vp() },
  { name: 'sync wire', run: () => benchSyncWire() },
  { name: 'initial sync', run: () => benchInitialSync() },
  { name: 'processes', run: () => benchProcesses() },
  { name: 'serve memory', run: () => benchServeMemory() },
  { name: 'ui (Chromium)', run: () => benchUi() }
]

const started = performance.now()
const figures: Figure[] = []
for (const section of sections) {
  const sectionStart = performance.now()
  process.stderr.write(`bench: ${section.name}...`)
  try {
    figures.push(...(await section.run()))
    process.stderr.write(` ${((performance.now() - sectionStart) / 1000).toFixed(1)} s\n`)
  } catch (error) {
    // One broken section should not hide the others' figures.
    process.stderr.write(' failed\n')
    figures.push({ name: `${section.name}: FAILED`, value: Number.NaN, unit: '', note: error instanceof Error ? error.message : String(error) })
    process.exitCode = 1
  }
}

console.log(formatTable(figures))
const misses = figures.filter((f) => f.target !== undefined && !(f.value <= f.target)).length
console.log(`\n${figures.length} figures, ${misses} over target; ${((performance.now() - started) / 1000).toFixed(0)} s in all`)
