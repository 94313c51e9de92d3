// Compiles the `mevault` command (src/cli/main.ts) into dist/cli with esbuild, so it starts without
// tsx. Run by `npm ci` (the `prepare` script), `npm run build` and `npm run build:cli`; with
// --if-stale it does nothing when dist/cli is current (the test suite's setup uses that).
import * as esbuild from 'esbuild'
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { BUILD_DIR, BUILD_INFO, currentBuild, PROJECT_DIR } from '../bin/compiled-cli.js'

if (process.argv.includes('--if-stale') && currentBuild()) process.exit(0)

const startedAt = Date.now()
const result = await esbuild.build({
  absWorkingDir: PROJECT_DIR,
  // The vault engine runs in a worker thread started from its own file (src/core/engine/worker-line.ts).
  entryPoints: { main: 'src/cli/main.ts', 'engine-worker': 'src/core/engine/engine-worker.ts' },
  outdir: BUILD_DIR,
  bundle: true,
  // Every dynamic import() in src/cli becomes its own chunk, loaded only by the commands that need it:
  // `mevault --help` loads neither SQLite, libsodium nor Automerge.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Packages stay in node_modules and load as they do from the sources: native addons (better-sqlite3)
  // and WebAssembly (Automerge, libsodium) find their files there.
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  write: false,
  logLevel: 'warning'
})

/** Each file appears whole (written aside, then renamed): a `mevault` started meanwhile never reads half a file. */
function writeWhole(path, contents) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(`${path}.${process.pid}.tmp`, contents)
  renameSync(`${path}.${process.pid}.tmp`, path)
}

// Chunks first (named by content hash, so an unchanged chunk is rewritten identical), then the entry,
// then build.json, which is what makes the build count as current.
const entry = join(BUILD_DIR, 'main.js')
const files = result.outputFiles.sort((a, b) => Number(a.path.startsWith(entry)) - Number(b.path.startsWith(entry)))
for (const file of files) writeWhole(file.path, file.contents)
const sources = Object.keys(result.metafile.inputs)
writeWhole(join(BUILD_DIR, BUILD_INFO), `${JSON.stringify({ startedAt, sources }, null, 1)}\n`)

// Chunks of earlier builds that this one no longer has.
const written = new Set(files.map((file) => file.path))
const chunksDir = join(BUILD_DIR, 'chunks')
for (const name of readdirSync(chunksDir)) {
  if (!written.has(join(chunksDir, name))) rmSync(join(chunksDir, name), { force: true })
}
process.stdout.write(`mevault: compiled the CLI into ${relative(PROJECT_DIR, BUILD_DIR)} (${sources.length} source files)\n`)
