/**
 * Import figure (issue 14): a 10,000-row CSV (given name, family name, email: each row a record of
 * its own, docs/import.md) imported into a new vault through the typed API's `import.apply` (read,
 * plan, one transaction). Beside it, in the same run, the baseline: the same fields written
 * through `fields.setMany` in batches of 1,000 (what a client could do without `import.*`). Both
 * are timed once per round, alternating, each into a fresh vault; MEVAULT_BENCH_IMPORT_ROWS and
 * MEVAULT_BENCH_IMPORT_ROUNDS make it smaller or longer.
 * Run alone with `npx tsx bench/import.ts`, or through `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createVaultService } from '../src/core/service/index.js'
import { MAX_FIELDS_PER_CALL, type MeVaultApi } from '../src/shared/api.js'
import { formatTable, median, timeMs, type Figure } from './stats.js'

const ROWS = Number(process.env.MEVAULT_BENCH_IMPORT_ROWS ?? 10_000)
const ROUNDS = Number(process.env.MEVAULT_BENCH_IMPORT_ROUNDS ?? 1)

function csvOf(rows: number): string {
  const lines = ['given_name,family_name,email']
  for (let i = 1; i <= rows; i++) lines.push(`Given${i},Family${i},person${i}@example.org`)
  return `${lines.join('\r\n')}\r\n`
}

async function withNewVault<T>(work: (api: MeVaultApi) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), 'mevault-bench-import-'))
  const api = createVaultService({ vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) })
  try {
    await api['vault.create']({ passphrase: 'correct horse battery staple' })
    return await work(api)
  } finally {
    await api['vault.lock']()
    rmSync(root, { recursive: true, force: true })
  }
}

export async function benchImport(): Promise<Figure[]> {
  const content = csvOf(ROWS)
  const fields = Array.from({ length: ROWS }, (_, n) => n + 1).flatMap((i) => [
    { path: `row_${i}.given_name`, value: `Given${i}` },
    { path: `row_${i}.family_name`, value: `Family${i}` },
    { path: `row_${i}.email`, value: `person${i}@example.org`, type: 'email' as const }
  ])
  // One small import and batch first: the first vault of a process pays for loading and JIT.
  await withNewVault(async (api) => {
    await api['import.apply']({ fileName: 'warm-up.csv', content: csvOf(50) })
    await api['fields.setMany']({ fields: fields.slice(0, 150).map((f) => ({ ...f, path: f.path.replace('row_', 'warm_') })) })
  })
  const imports: number[] = []
  // The process's CPU time for the import: on a busy machine, wall time waits for other processes too.
  const cpuMs: number[] = []
  const batches: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    imports.push(
      await withNewVault(async (api) => {
        const cpuBefore = process.cpuUsage()
        const ms = await timeMs(() => api['import.apply']({ fileName: 'contacts.csv', content }))
        const cpu = process.cpuUsage(cpuBefore)
        cpuMs.push((cpu.user + cpu.system) / 1000)
        if ((await api['vault.state']()).status?.fields !== fields.length) throw new Error('the import did not write every field')
        return ms
      })
    )
    batches.push(
      await withNewVault((api) =>
        timeMs(async () => {
          for (let i = 0; i < fields.length; i += MAX_FIELDS_PER_CALL) await api['fields.setMany']({ fields: fields.slice(i, i + MAX_FIELDS_PER_CALL) })
        })
      )
    )
  }
  const rounds = `${ROUNDS} round${ROUNDS === 1 ? '' : 's'}, alternating, each into a new vault`
  return [
    { name: `import a ${ROWS.toLocaleString('en')}-row CSV (import.apply)`, value: median(imports), unit: 'ms', target: 3000, note: `${fields.length} fields in ${ROWS} records, one transaction; CPU ${Math.round(median(cpuMs))} ms; ${rounds}` },
    { name: `  baseline: the same fields by fields.setMany, 1,000 a call`, value: median(batches), unit: 'ms', note: rounds }
  ]
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(formatTable(await benchImport()))
