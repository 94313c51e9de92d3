/**
 * `npm run bench`: every speed figure of MeVault, as medians of several runs, in one table.
 * Sections written by others (packets, sync wire) are included when their files exist.
 */
import { existsSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { benchAdapter } from './adapter.js'
import { formatTable, type Figure } from './stats.js'
import { benchVault } from './vault.js'

interface PacketRow {
  name: string
  medianMs: number
  target?: number
  note?: string
}

const present = (file: string): boolean => existsSync(fileURLToPath(new URL(file, import.meta.url)))

const sections: Array<{ name: string; run: () => Promise<Figure[]> }> = [
  { name: 'vault', run: () => benchVault() },
  { name: 'storage adapter', run: () => benchAdapter() }
]
if (present('./packets.ts')) {
  sections.push({
    name: 'packets',
    run: async () => {
      const { benchPackets } = (await import('./packets.js')) as { benchPackets: () => Promise<PacketRow[]> }
      return (await benchPackets()).map((row) => ({ name: row.name, value: row.medianMs, unit: 'ms', target: row.target, note: row.note }))
    }
  })
}
if (present('./sync-wire.ts')) {
  sections.push({
    name: 'sync wire',
    run: async () => {
      const { benchSyncWire } = (await import('./sync-wire.js')) as { benchSyncWire: () => Promise<Figure[]> }
      return benchSyncWire()
    }
  })
}

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
