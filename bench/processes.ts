/**
 * Whole `mevault` processes, started as a person or a script starts them: the installed command
 * (bin/mevault.js running the compiled build), a fresh process per call, the passphrase in
 * MEVAULT_PASSPHRASE and the key in its file (never on the command line).
 *
 * - start-up: `mevault --help` against a bare `node -e 0`;
 * - at 10,000 fields in 100 records: `mevault get` / `search` / `set` against `keepassxc-cli show` /
 *   `search` / `edit` on the same 10,000 entries (100 groups of 100), with a KDF tuned to the cost of
 *   ours; skipped, and said so, where keepassxc-cli is missing;
 * - peak memory (RSS) of `mevault list --json` at 100,000 fields in 1,000 records;
 * - `mevault get` at 10,000 fields through a running holder (`mevault sync serve`, over its front
 *   door: no KDF, no opening) against the same command opening the vault itself, and get / search /
 *   set through that holder against keepassxc-cli (the product's answer for scripts, as `op` uses
 *   the 1Password app);
 * - the floor for a process that opens the vault itself: a fresh `node` that loads libsodium and
 *   makes one Argon2id call with the vault's parameters, against `keepassxc-cli show`.
 *
 * Run alone with `npx tsx bench/processes.ts`, or through `npm run bench`.
 */
import Database from 'better-sqlite3'
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { derivePassphraseKey } from '../src/core/crypto/kdf.js'
import { loadSodium, sodium } from '../src/core/crypto/sodium.js'
import { parseSecretKey } from '../src/core/crypto/secret-key.js'
import { readHeader } from '../src/core/vault/header.js'
import { writeKeyFile } from '../src/core/vault/key-file.js'
import { Vault } from '../src/core/vault/vault.js'
import { formatTable, median, medianMs, type Figure } from './stats.js'

const PROJECT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(PROJECT, 'bin', 'mevault.js')
const MAX_RSS_HOOK = pathToFileURL(join(PROJECT, 'bench', 'report-max-rss.mjs')).href
const PASSPHRASE = 'correct horse battery staple'
const FIELDS_PER_RECORD = 100
const SMALL_RECORDS = 100 // 10k fields
const LARGE_RECORDS = 1000 // 100k fields
/** One field in this many holds the search word, so a search finds 1% of the vault (as in bench/vault.ts). */
const NEEDLE_EVERY = 100
const NEEDLE = 'Zanzibar'
const START_PAIRS = 20
const OPERATION_PAIRS = 7
const MEMORY_RUNS = 3

const recordName = (r: number): string => `record${String(r).padStart(4, '0')}`
const fieldName = (f: number): string => `field${String(f).padStart(3, '0')}`

/** Values of a few dozen characters, shaped as in bench/vault.ts; every NEEDLE_EVERY-th mentions the search word. */
function valueFor(n: number, edit = 0): string {
  const place = n % NEEDLE_EVERY === 0 ? NEEDLE : `Rue des Lilas ${n % 97}`
  return `Entry ${n} (edit ${edit}): ${place}, 750${String(n % 20).padStart(2, '0')} Paris`
}

/** The n-th of `fields` fields, spread over every record (a stride prime to the field count). */
function spread(i: number, fields: number): { record: string; field: string; n: number } {
  const n = (i * 7919) % fields
  return { record: recordName(Math.floor(n / FIELDS_PER_RECORD)), field: fieldName(n % FIELDS_PER_RECORD), n }
}

/** A process run to its end: wall-clock milliseconds, and its result. */
function timed(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}) {
  const start = performance.now()
  const result = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? process.env, input: options.input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const ms = performance.now() - start
  return { ms, result }
}

function check(result: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (result.error || result.status !== 0) {
    throw new Error(`${what} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr.trim().slice(0, 300)}`)
  }
  return result
}

/**
 * Runs `ours` and `theirs` `pairs` times, alternating which goes first, and returns the median of the
 * per-pair ratios ours / theirs with both medians: on a shared machine, load moves both of a pair alike.
 */
function pairedRatio(pairs: number, ours: (i: number) => number, theirs: (i: number) => number) {
  const oursMs: number[] = []
  const theirsMs: number[] = []
  const ratios: number[] = []
  for (let i = 0; i < pairs; i++) {
    let o: number
    let t: number
    if (i % 2 === 0) {
      o = ours(i)
      t = theirs(i)
    } else {
      t = theirs(i)
      o = ours(i)
    }
    oursMs.push(o)
    theirsMs.push(t)
    ratios.push(o / t)
  }
  return { ratio: median(ratios), oursMs: median(oursMs), theirsMs: median(theirsMs) }
}

export interface Fixture {
  root: string
  env: NodeJS.ProcessEnv
  small: string
  large: string
  kdfMs: number
  kdfNote: string
  buildSeconds: number
}

/**
 * Adds records [from, to) through the public Vault API: the 10k vault one `set` per field (the sets
 * of one record issued together: each its own change, as when typed one by one), the records
 * beyond it whole, one change per record (Vault.setFields, an import). The figures here read the
 * sealed views, whose cost does not depend on how long each record's history is.
 */
async function addRecords(vault: Vault, from: number, to: number, whole = false): Promise<void> {
  for (let r = from; r < to; r++) {
    const entries = Array.from({ length: FIELDS_PER_RECORD }, (_, f) => ({
      path: `${recordName(r)}.${fieldName(f)}`,
      value: valueFor(r * FIELDS_PER_RECORD + f),
      tier: f % 3 === 0 ? ('public' as const) : ('private' as const)
    }))
    if (whole) await vault.setFields(entries)
    else await Promise.all(entries.map(({ path, value, tier }) => vault.set(path, value, { tier })))
  }
}

/** Our KDF cost: the vault's stored Argon2id parameters, in this process, median of 5 after a warm-up. */
async function ourKdf(dir: string): Promise<{ ms: number; note: string }> {
  await loadSodium()
  const db = new Database(join(dir, 'vault.db'), { readonly: true })
  const { kdf } = readHeader(db)
  db.close()
  const ms = await medianMs(() => derivePassphraseKey(PASSPHRASE, kdf), 5, 1)
  const params = kdf as { opslimit?: number; memlimit?: number }
  return { ms, note: `Argon2id, ${(params.memlimit ?? 0) / 1024 / 1024} MiB, ${params.opslimit ?? '?'} passes` }
}

/** One vault of 10k fields, copied and grown to 100k (unless `grow` is false); both unlocked by the same key file. */
export async function buildFixture(root: string, grow = true): Promise<Fixture> {
  const started = performance.now()
  const small = join(root, 'vault-10k')
  const large = join(root, 'vault-100k')
  const keyFile = join(root, 'keys', 'secret-key.json')
  const created = await Vault.create({ dir: small, passphrase: PASSPHRASE, deviceName: 'bench' })
  writeKeyFile(keyFile, created.recoveryKit.vaultId, parseSecretKey(created.recoveryKit.secretKey))
  await addRecords(created.vault, 0, SMALL_RECORDS)
  await created.vault.close()
  if (grow) {
    cpSync(small, large, { recursive: true })
    const grown = await Vault.unlock({ dir: large, passphrase: PASSPHRASE, secretKey: parseSecretKey(created.recoveryKit.secretKey) })
    await addRecords(grown, SMALL_RECORDS, LARGE_RECORDS, true)
    await grown.close()
  }
  const kdf = await ourKdf(small)
  return {
    root,
    small,
    large,
    env: { ...process.env, MEVAULT_KEY_FILE: keyFile, MEVAULT_PASSPHRASE: PASSPHRASE, XDG_CONFIG_HOME: join(root, 'config') },
    kdfMs: kdf.ms,
    kdfNote: kdf.note,
    buildSeconds: (performance.now() - started) / 1000
  }
}

function mevault(fixture: Fixture, vaultDir: string, args: string[], input?: string) {
  return timed(process.execPath, [BIN, ...args], { env: { ...fixture.env, MEVAULT_HOME: vaultDir }, input })
}

/** `mevault --help` and `node -e 0`, paired. */
function startFigures(): Figure[] {
  const node = (): number => timed(process.execPath, ['-e', '0']).ms
  const help = (): number => {
    const { ms, result } = timed(process.execPath, [BIN, '--help'])
    check(result, 'mevault --help')
    return ms
  }
  help() // untimed: the page cache
  const { ratio, oursMs, theirsMs } = pairedRatio(START_PAIRS, help, node)
  return [
    {
      name: 'processes: `mevault --help` / `node -e 0`',
      value: ratio,
      unit: 'x',
      target: 2,
      note: `${oursMs.toFixed(0)} ms against ${theirsMs.toFixed(0)} ms; median of ${START_PAIRS} paired ratios`
    }
  ]
}

// ---- keepassxc-cli ---------------------------------------------------------------------------

const KEEPASSXC = 'keepassxc-cli'

function keepassxcVersion(): string | undefined {
  const result = spawnSync(KEEPASSXC, ['--version'], { encoding: 'utf8' })
  return result.status === 0 ? result.stdout.trim() : undefined
}

const xmlText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const uuid = (n: number): string => Buffer.from(n.toString(16).padStart(32, '0'), 'hex').toString('base64')

/** KeePass 2 XML of the same 10k fields: a group per record, an entry per field, the value as its password. */
function keepassXml(): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '<KeePassFile><Meta><Generator>mevault bench</Generator></Meta><Root>']
  lines.push(`<Group><UUID>${uuid(1)}</UUID><Name>Root</Name>`)
  for (let r = 0; r < SMALL_RECORDS; r++) {
    lines.push(`<Group><UUID>${uuid(2 + r)}</UUID><Name>${recordName(r)}</Name>`)
    for (let f = 0; f < FIELDS_PER_RECORD; f++) {
      const n = r * FIELDS_PER_RECORD + f
      lines.push(
        `<Entry><UUID>${uuid(1_000_000 + n)}</UUID>` +
          `<String><Key>Title</Key><Value>${fieldName(f)}</Value></String>` +
          `<String><Key>Password</Key><Value ProtectInMemory="True">${xmlText(valueFor(n))}</Value></String></Entry>`
      )
    }
    lines.push('</Group>')
  }
  lines.push('</Group></Root></KeePassFile>')
  return lines.join('\n')
}

interface KeePassFixture {
  db: string
  keyFile: string
  kdfMs: number
  kdfNote: string
}

/** `-t` takes 100 to 5000 ms. */
const decryptionTime = (ms: number): string => String(Math.min(5000, Math.max(100, Math.round(ms))))

/** The KDF line of `keepassxc-cli db-info`, e.g. "AES (1039261 rounds)", and its round count. */
function kdfOf(db: string, keyFile: string): { text: string; rounds: number } {
  const info = check(spawnSync(KEEPASSXC, ['db-info', '-q', '-k', keyFile, db], { input: `${PASSPHRASE}\n`, encoding: 'utf8' }), 'keepassxc-cli db-info')
  const kdf = /^KDF: (.*?\((\d+) (?:rounds|iterations).*)$/m.exec(info.stdout)
  if (!kdf) throw new Error(`keepassxc-cli db-info shows no KDF rounds: ${info.stdout.slice(0, 200)}`)
  return { text: kdf[1]!, rounds: Number(kdf[2]) }
}

/**
 * The same 10k entries in a .kdbx with the same passphrase and a key file. keepassxc-cli can set
 * the KDF only as a target time (`-t`), which it turns into rounds by timing itself: an empty
 * database is created with `-t` = our KDF's cost, and the entries (imported from XML into a second
 * database) are merged into it, so it keeps those rounds. Their KDF cost is then measured rather
 * than assumed: opening an empty database costs a + c × rounds, timed at two round counts.
 */
function buildKeePass(root: string, ourKdfMs: number): KeePassFixture {
  const dir = join(root, 'keepass')
  const keyFile = join(dir, 'key-file.bin')
  const db = join(dir, 'vault-10k.kdbx')
  const empty = join(dir, 'empty.kdbx')
  const slow = join(dir, 'empty-slow.kdbx')
  const imported = join(dir, 'imported.kdbx')
  const xml = join(dir, 'entries.xml')
  mkdirSync(dir)
  writeFileSync(keyFile, sodium().randombytes_buf(64))
  writeFileSync(xml, keepassXml())
  const twice = `${PASSPHRASE}\n${PASSPHRASE}\n`
  const create = (file: string, ms: number): void =>
    void check(spawnSync(KEEPASSXC, ['db-create', '-q', '-p', '--set-key-file', keyFile, '-t', decryptionTime(ms), file], { input: twice, encoding: 'utf8' }), 'keepassxc-cli db-create')
  create(empty, ourKdfMs)
  create(slow, Math.max(1000, ourKdfMs * 6))
  check(spawnSync(KEEPASSXC, ['import', '-q', '-p', '--set-key-file', keyFile, '-t', '100', xml, imported], { input: twice, encoding: 'utf8' }), 'keepassxc-cli import')
  cpSync(empty, db)
  check(spawnSync(KEEPASSXC, ['merge', '-q', '-s', '-k', keyFile, db, imported], { input: `${PASSPHRASE}\n`, encoding: 'utf8' }), 'keepassxc-cli merge')
  rmSync(xml)

  const open = (file: string) => (): number => {
    const { ms, result } = timed(KEEPASSXC, ['ls', '-q', '-k', keyFile, file], { input: `${PASSPHRASE}\n` })
    check(result, 'keepassxc-cli ls')
    return ms
  }
  const kdf = kdfOf(db, keyFile)
  const slowRounds = kdfOf(slow, keyFile).rounds
  const fastMs = median(Array.from({ length: 5 }, open(empty)))
  const slowMs = median(Array.from({ length: 5 }, open(slow)))
  const kdfMs = ((slowMs - fastMs) / (slowRounds - kdf.rounds)) * kdf.rounds
  return { db, keyFile, kdfMs, kdfNote: `${kdf.text}, from -t ${decryptionTime(ourKdfMs)}` }
}

function keepassxc(k: KeePassFixture, args: string[], input = '') {
  return timed(KEEPASSXC, [args[0]!, '-q', '-k', k.keyFile, ...args.slice(1)], { input: `${PASSPHRASE}\n${input}` })
}

/** Each operation checked: the value printed is the one stored, the hits are the 1% that hold the word. */
interface Operations {
  get: ReturnType<typeof pairedRatio>
  search: ReturnType<typeof pairedRatio>
  set: ReturnType<typeof pairedRatio>
  hits: number
}

/**
 * get / search / set as whole processes, ours against keepassxc-cli's on the same 10k entries;
 * `offset` moves to other fields, so runs through the holder do not repeat the first ones.
 */
function operations(fixture: Fixture, k: KeePassFixture, offset = 0): Operations {
  const fields = SMALL_RECORDS * FIELDS_PER_RECORD
  const get = pairedRatio(
    OPERATION_PAIRS,
    (i) => {
      const { record, field, n } = spread(offset + i, fields)
      const { ms, result } = mevault(fixture, fixture.small, ['get', `${record}.${field}`])
      if (check(result, 'mevault get').stdout !== `${valueFor(n)}\n`) throw new Error(`mevault get ${record}.${field} printed ${result.stdout}`)
      return ms
    },
    (i) => {
      const { record, field, n } = spread(offset + i, fields)
      const { ms, result } = keepassxc(k, ['show', '-s', '-a', 'Password', k.db, `${record}/${field}`])
      if (check(result, 'keepassxc-cli show').stdout !== `${valueFor(n)}\n`) throw new Error(`keepassxc-cli show printed ${result.stdout}`)
      return ms
    }
  )

  let ourHits = 0
  let theirHits = 0
  const search = pairedRatio(
    OPERATION_PAIRS,
    () => {
      const { ms, result } = mevault(fixture, fixture.small, ['search', NEEDLE.toLowerCase(), '--json'])
      ourHits = (JSON.parse(check(result, 'mevault search').stdout) as unknown[]).length
      return ms
    },
    () => {
      // "pw:" searches the password, where the value is; keepassxc-cli prints one entry path a line.
      const { ms, result } = keepassxc(k, ['search', k.db, `pw:${NEEDLE.toLowerCase()}`])
      theirHits = check(result, 'keepassxc-cli search').stdout.trim().split('\n').filter(Boolean).length
      return ms
    }
  )
  if (ourHits !== fields / NEEDLE_EVERY || theirHits !== ourHits) throw new Error(`search found ${ourHits} (mevault) and ${theirHits} (keepassxc-cli), expected ${fields / NEEDLE_EVERY}`)

  // New values for existing fields; both read the value from stdin.
  const set = pairedRatio(
    OPERATION_PAIRS,
    (i) => {
      const { record, field, n } = spread(1000 + offset + i, fields)
      const value = valueFor(n, offset + i + 1)
      const { ms, result } = mevault(fixture, fixture.small, ['set', `${record}.${field}`], `${value}\n`)
      if (check(result, 'mevault set').stdout !== `Saved ${record}.${field} (${(n % FIELDS_PER_RECORD) % 3 === 0 ? 'public' : 'private'})\n`) throw new Error(`mevault set printed ${result.stdout}`)
      return ms
    },
    (i) => {
      const { record, field, n } = spread(2000 + offset + i, fields)
      const { ms, result } = keepassxc(k, ['edit', '-p', k.db, `${record}/${field}`], `${valueFor(n, offset + i + 1)}\n`)
      check(result, 'keepassxc-cli edit')
      return ms
    }
  )

  return { get, search, set, hits: ourHits }
}

/** One row of ours against theirs; `how` says how our process reached the vault. */
function operationRow(label: string, theirs: string, r: { ratio: number; oursMs: number; theirsMs: number }, how: string, target?: number, extra = ''): Figure {
  return {
    name: `processes: \`mevault ${label}\`${how} / \`keepassxc-cli ${theirs}\`, 10k fields`,
    value: r.ratio,
    unit: 'x',
    target,
    note: `${r.oursMs.toFixed(0)} ms against ${r.theirsMs.toFixed(0)} ms; median of ${OPERATION_PAIRS} paired ratios${extra}`
  }
}

/**
 * What a process that opens the vault itself cannot go below: a fresh `node` that loads libsodium
 * and makes one Argon2id call with the vault's own parameters (the first call in a process pays
 * for touching its 64 MiB, then-fresh memory), against `keepassxc-cli show`, paired.
 */
function floorRow(fixture: Fixture, k: KeePassFixture): Figure {
  const db = new Database(join(fixture.small, 'vault.db'), { readonly: true })
  const { kdf } = readHeader(db)
  db.close()
  const script = [
    `import sodium from 'libsodium-wrappers-sumo'`,
    `await sodium.ready`,
    `const key = sodium.crypto_pwhash(32, ${JSON.stringify(PASSPHRASE)}, sodium.from_base64(${JSON.stringify(kdf.salt)}), ${kdf.opslimit}, ${kdf.memlimit}, sodium.crypto_pwhash_ALG_ARGON2ID13)`,
    `process.stdout.write(String(key.length))`
  ].join('\n')
  const floor = pairedRatio(
    OPERATION_PAIRS,
    () => {
      const { ms, result } = timed(process.execPath, ['--input-type=module', '-e', script], { cwd: PROJECT }) // the project's node_modules
      if (check(result, 'node + Argon2id').stdout !== '32') throw new Error('the floor process derived no key')
      return ms
    },
    (i) => keepassxc(k, ['show', '-s', '-a', 'Password', k.db, `${recordName(i % SMALL_RECORDS)}/${fieldName(0)}`]).ms
  )
  return {
    name: 'processes: floor for opening the vault in-process (node + libsodium + first Argon2id call) / `keepassxc-cli show`',
    value: floor.ratio,
    unit: 'x',
    note: `${floor.oursMs.toFixed(0)} ms against ${floor.theirsMs.toFixed(0)} ms; median of ${OPERATION_PAIRS} paired ratios; no \`mevault get\` that unlocks by itself can beat this`
  }
}

/** get / search / set opening the vault in each process, against keepassxc-cli, with the KDF costs. */
function sideBySide(fixture: Fixture, k: KeePassFixture, version: string): Figure[] {
  const kdf = `KDF ours ${fixture.kdfMs.toFixed(0)} ms, theirs ${k.kdfMs.toFixed(0)} ms`
  const { get, search, set, hits } = operations(fixture, k)
  const alone = ' opening the vault'
  return [
    operationRow('get', 'show', get, alone, 0.5),
    operationRow('search', 'search', search, alone, 0.5, `; ${hits} hits each`),
    operationRow('set', 'edit', set, alone, 0.5),
    floorRow(fixture, k),
    {
      name: 'processes: KDF cost, ours / keepassxc-cli',
      value: fixture.kdfMs / k.kdfMs,
      unit: 'x',
      note: `${kdf} (ours: ${fixture.kdfNote}; theirs: ${k.kdfNote}; ${version})`
    }
  ]
}

/** Peak RSS of `mevault list --json` on the 100k-field vault, read by the process itself as it exits. */
function memoryFigures(fixture: Fixture): Figure[] {
  const peaks: number[] = []
  const times: number[] = []
  const report = join(fixture.root, 'max-rss.txt')
  for (let run = 0; run < MEMORY_RUNS; run++) {
    const env = { ...fixture.env, MEVAULT_HOME: fixture.large, NODE_OPTIONS: `--import=${MAX_RSS_HOOK}`, MEVAULT_BENCH_MAX_RSS_FILE: report }
    const { ms, result } = timed(process.execPath, [BIN, 'list', '--json'], { env })
    const listed = (JSON.parse(check(result, 'mevault list --json').stdout) as unknown[]).length
    if (listed !== LARGE_RECORDS * FIELDS_PER_RECORD) throw new Error(`mevault list --json listed ${listed} fields`)
    peaks.push(Number(readFileSync(report, 'utf8')) / 1024)
    times.push(ms)
  }
  return [
    {
      name: 'processes: peak memory of `mevault list --json`, 100k fields',
      value: median(peaks),
      unit: 'MB',
      target: 300,
      note: `maximum resident set size, the list read page by page and written as it comes (through a pipe, as a script reads it); median of ${MEMORY_RUNS} runs, which took ${median(times).toFixed(0)} ms each (median)`
    }
  ]
}

const HOLDER_RUNS = 7

/**
 * `mevault get` opening the 10k vault itself, then through a `sync serve` that holds it open; with
 * keepassxc-cli at hand, get / search / set through that holder against it too.
 */
export async function holderFigures(fixture: Fixture, k?: KeePassFixture): Promise<Figure[]> {
  const fields = SMALL_RECORDS * FIELDS_PER_RECORD
  const get = (i: number): number => {
    const { record, field, n } = spread(3000 + i, fields)
    const { ms, result } = mevault(fixture, fixture.small, ['get', `${record}.${field}`])
    if (check(result, 'mevault get').stdout !== `${valueFor(n)}\n`) throw new Error(`mevault get ${record}.${field} printed ${result.stdout}`)
    return ms
  }
  get(0) // untimed: the page cache
  const alone = median(Array.from({ length: HOLDER_RUNS }, (_, i) => get(i)))
  const holder = spawn(process.execPath, [BIN, 'sync', 'serve'], { env: { ...fixture.env, MEVAULT_HOME: fixture.small } })
  const closed = new Promise<void>((resolve) => holder.once('close', () => resolve()))
  try {
    await new Promise<void>((resolve, reject) => {
      let out = ''
      holder.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('Syncing with paired devices')) resolve()
      })
      void closed.then(() => reject(new Error('mevault sync serve stopped before it listened')))
    })
    get(0)
    const through = median(Array.from({ length: HOLDER_RUNS }, (_, i) => get(i)))
    const held = ' through a holder'
    const againstKeePass = k ? operations(fixture, k, 5000) : undefined
    return [
      ...(againstKeePass
        ? [
            operationRow('get', 'show', againstKeePass.get, held, 0.5),
            operationRow('search', 'search', againstKeePass.search, held, 0.5, `; ${againstKeePass.hits} hits each`),
            operationRow('set', 'edit', againstKeePass.set, held, 0.5)
          ]
        : []),
      {
        name: 'processes: `mevault get` through a running holder / opening the vault itself, 10k fields',
        value: through / alone,
        unit: 'x',
        note: `${through.toFixed(0)} ms against ${alone.toFixed(0)} ms (KDF ${fixture.kdfMs.toFixed(0)} ms); medians of ${HOLDER_RUNS}; the holder is \`mevault sync serve\``
      }
    ]
  } finally {
    holder.kill('SIGINT')
    await closed
  }
}

export async function benchProcesses(): Promise<Figure[]> {
  // The command under test is the compiled build, as `npm ci` leaves it: rebuilt here if a source changed.
  check(spawnSync(process.execPath, [join(PROJECT, 'scripts', 'build-cli.mjs'), '--if-stale'], { encoding: 'utf8' }), 'building the CLI')
  const figures = startFigures()
  const root = mkdtempSync(join(tmpdir(), 'mevault-bench-processes-'))
  try {
    const fixture = await buildFixture(root)
    figures.push({
      name: 'processes: bench setup, 100k fields stored',
      value: fixture.buildSeconds,
      unit: 's',
      note: 'through the Vault API, the sets of each record issued together; a copy taken at 10k'
    })
    const version = keepassxcVersion()
    const keepass = version ? buildKeePass(root, fixture.kdfMs) : undefined
    if (keepass) {
      figures.push(...sideBySide(fixture, keepass, `keepassxc-cli ${version}`))
    } else {
      figures.push({
        name: 'processes: get / search / set against keepassxc-cli: SKIPPED',
        value: Number.NaN,
        unit: '',
        note: 'keepassxc-cli is not installed (apt-get install -y keepassxc)'
      })
    }
    figures.push(...memoryFigures(fixture))
    figures.push(...(await holderFigures(fixture, keepass)))
    return figures
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatTable(await benchProcesses()))
}
