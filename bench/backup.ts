/**
 * Backup and restore at 100k fields (1,000 records of 100): `backup` (a consistent image of the open
 * vault, sealed whole, written 0600) and `restore` (checksum, Argon2id, every piece opened, the file
 * written, the device identity and the key file). Target: 5 s each. Each is alternated with its
 * baseline, so a busy machine shows in both columns: a plain copy of vault.db for the backup, a
 * plain copy of the backup file into an empty folder for the restore.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { restoreBackup, readBackupFile } from '../src/core/backup/restore-backup.js'
import { writeBackup } from '../src/core/backup/write-backup.js'
import { parseSecretKey } from '../src/core/crypto/secret-key.js'
import { keyFileStore } from '../src/core/vault/secret-key-store.js'
import { Vault } from '../src/core/vault/vault.js'
import { formatTable, median, type Figure } from './stats.js'

const PASSPHRASE = 'correct horse battery staple'
const RECORDS = 1000
const FIELDS_PER_RECORD = 100
const RUNS = 5

export async function benchBackup(): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'mevault-bench-backup-'))
  try {
    const dir = join(root, 'vault')
    const built = performance.now()
    const { vault, recoveryKit } = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: 'bench' })
    const secretKey = parseSecretKey(recoveryKit.secretKey)
    for (let r = 0; r < RECORDS; r++) {
      await vault.setFields(
        Array.from({ length: FIELDS_PER_RECORD }, (_, f) => ({
          path: `record${r}.field${f}`,
          value: `value ${r * FIELDS_PER_RECORD + f} ${'x'.repeat(24)}`,
          tier: f % 3 === 0 ? ('public' as const) : ('private' as const)
        }))
      )
    }
    const buildSeconds = (performance.now() - built) / 1000
    const backupFile = join(root, 'vault.mvbackup')
    const times = { backup: [] as number[], copy: [] as number[], restore: [] as number[], copyBackup: [] as number[] }
    try {
      for (let i = 0; i < RUNS + 1; i++) {
        const a = performance.now()
        await writeBackup(vault, backupFile, { replace: true })
        const b = performance.now()
        copyFileSync(join(dir, 'vault.db'), join(root, 'copy.db'))
        const c = performance.now()
        if (i > 0) {
          times.backup.push(b - a)
          times.copy.push(c - b)
        }
      }
    } finally {
      await vault.close()
    }
    for (let i = 0; i < RUNS + 1; i++) {
      const target = join(root, `restored-${i}`)
      const a = performance.now()
      await restoreBackup({
        backup: readBackupFile(backupFile),
        vaultDir: target,
        passphrase: PASSPHRASE,
        secretKey,
        secretKeys: keyFileStore((id) => join(root, `keys-${i}`, `${id}.json`))
      })
      const b = performance.now()
      mkdirSync(join(root, `copied-${i}`))
      copyFileSync(backupFile, join(root, `copied-${i}`, 'vault.db'))
      const c = performance.now()
      rmSync(target, { recursive: true })
      rmSync(join(root, `copied-${i}`), { recursive: true })
      if (i > 0) {
        times.restore.push(b - a)
        times.copyBackup.push(c - b)
      }
    }
    const vaultMb = statSync(join(dir, 'vault.db')).size / 1e6
    const backupMb = statSync(backupFile).size / 1e6
    const note = `median of ${RUNS}, alternated with its baseline; vault.db ${vaultMb.toFixed(1)} MB, backup ${backupMb.toFixed(1)} MB; built in ${buildSeconds.toFixed(0)} s`
    return [
      { name: 'backup: 100k fields, whole vault to one sealed file', value: median(times.backup), unit: 'ms', target: 5000, note },
      { name: '  baseline: copy vault.db (cp)', value: median(times.copy), unit: 'ms', note },
      { name: 'restore: 100k fields, checked, written, new device, key file', value: median(times.restore), unit: 'ms', target: 5000, note: `${note}; includes Argon2id (64 MiB)` },
      { name: '  baseline: copy the backup file into an empty folder', value: median(times.copyBackup), unit: 'ms', note }
    ]
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatTable(await benchBackup()))
}
