// Compiles the `mevault` command (src/cli/main.ts) into dist/cli with esbuild, so it starts without
// tsx. Run by `npm ci` (the `prepare` script), `npm run build` and `npm run build:cli`; with
// --if-stale it does nothing when dist/cli is current (the test suite's setup uses that).
import * as esbuild from 'esbuild'
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { BUILD_DIR, BUILD_INFO, currentBuild, PROJECT_DIR } from '../bin/compiled-cli.js'

if (process.argv.includes('--if-stale') && currentBuild()) process.exit(0)

/** Packages left in node_modules (with their subpaths): they load files beside their own. */
const EXTERNAL = ['better-sqlite3', 'cbor-extract', '@automerge/automerge', 'libsodium-wrappers-sumo', 'libsodium-sumo', 'tsx', 'electron'].flatMap((name) => [
  name,
  `${name}/*`
])

const startedAt = Date.now()
const result = await esbuild.build({
  absWorkingDir: PROJECT_DIR,
  // The vault engine runs in a worker thread started from its own file (src/core/engine/worker-line.ts).
  // The CLI derives the passphrase key on a worker thread of its own (src/cli/kdf-ahead.ts).
  // The requester kit is a package entry point of its own ("exports": "./requester"): no vault in it.
  entryPoints: {
    main: 'src/cli/main.ts',
    'engine-worker': 'src/core/engine/engine-worker.ts',
    'kdf-worker': 'src/cli/kdf-worker.ts',
    requester: 'src/requester/index.ts'
  },
  outdir: BUILD_DIR,
  bundle: true,
  // Every dynamic import() in src/cli becomes its own chunk, loaded only by the commands that need it:
  // `mevault --help` loads neither SQLite, libsodium nor Automerge.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Plain-JavaScript packages are bundled in (zod alone is a hundred files for Node to find and
  // load one by one). Those that find their own files stay in node_modules and load as from the
  // sources: native addons (better-sqlite3, cbor-extract) and WebAssembly (Automerge, libsodium).
  external: EXTERNAL,
  // A bundled CommonJS package may require() one of those: ESM has no `require` of its own.
  banner: { js: "import { createRequire as __mevaultCreateRequire } from 'node:module'; const require = __mevaultCreateRequire(import.meta.url);" },
  minify: true,
  sourcemap: 'linked',
  metafile: true,
  write: false,
  logLevel: 'warning'
})

/**
 * Which packages each output file holds, e.g. { "chunks/chunk-AB12.js": ["zod"] }: with packages
 * bundled in, the URLs a process loads no longer name them, and the tests that check what a
 * command loads (`--help` loads no zod) read this instead.
 */
function bundledPackages(metafile) {
  const byFile = {}
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    const packages = new Set(Object.keys(inputs).flatMap((path) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? []))
    if (packages.size > 0) byFile[relative(BUILD_DIR, join(PROJECT_DIR, output))] = [...packages].sort()
  }
  return byFile
}

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
// The project's own sources: a changed one makes the build stale. node_modules changes through
// `npm ci`/`npm install`, whose `prepare` rebuilds anyway (and statting its files would slow every start).
const inputs = Object.keys(result.metafile.inputs)
const fromPackage = (path) => path.split('/').includes('node_modules')
const sources = inputs.filter((path) => !fromPackage(path))
writeWhole(join(BUILD_DIR, BUILD_INFO), `${JSON.stringify({ startedAt, sources, bundled: bundledPackages(result.metafile) }, null, 1)}\n`)

// Chunks of earlier builds that this one no longer has.
const written = new Set(files.map((file) => file.path))
const chunksDir = join(BUILD_DIR, 'chunks')
for (const name of readdirSync(chunksDir)) {
  if (!written.has(join(chunksDir, name))) rmSync(join(chunksDir, name), { force: true })
}
process.stdout.write(`mevault: compiled the CLI into ${relative(PROJECT_DIR, BUILD_DIR)} (${sources.length} source files, ${inputs.length - sources.length} from packages)\n`)
