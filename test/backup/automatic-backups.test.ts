import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { backUpToFolder, backupSettings, dailyBackupName, setBackupFolder } from '../../src/core/backup/backup-settings.js'
import { restoreBackup } from '../../src/core/backup/restore-backup.js'
import { parseSecretKey } from '../../src/core/crypto/secret-key.js'
import { createVaultService } from '../../src/core/service/index.js'
import { resolveVaultLocation } from '../../src/core/vault/locations.js'
import { keyFileStore } from '../../src/core/vault/secret-key-store.js'
import { Vault } from '../../src/core/vault/vault.js'
import { tempDir } from '../helpers/temp-dir.js'
import { makeVault, PASSPHRASE } from '../helpers/vault-fixture.js'

const SLOW = 300_000

describe('automatic backups', () => {
  it('keep one file per day in the chosen folder, the newest N days, and touch nothing else there', async () => {
    const { dir, secretKey } = await makeVault({ 'contact.email': 'ada@example.org' })
    let now = new Date(2026, 0, 1, 10, 0)
    const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey, clock: () => now })
    try {
      const folder = tempDir('mevault-backups')
      writeFileSync(join(folder, 'holiday.jpg'), 'not a backup')
      writeFileSync(join(folder, 'mevault-0123abcd-2025-12-01.mvbackup'), 'another vault’s backup')
      expect(backupSettings(vault)).toEqual({ keep: 7 })
      expect(setBackupFolder(vault, folder, 3)).toEqual({ folder, keep: 3 })

      for (let day = 1; day <= 5; day++) {
        now = new Date(2026, 0, day, 10, 0)
        await vault.set('contact.email', `ada+${day}@example.org`)
        await backUpToFolder(vault)
        now = new Date(2026, 0, day, 18, 0) // a later backup the same day replaces that day's file
        await backUpToFolder(vault)
      }
      const ours = [3, 4, 5].map((day) => dailyBackupName(vault.vaultId, new Date(2026, 0, day)))
      expect(readdirSync(folder).sort()).toEqual(['holiday.jpg', 'mevault-0123abcd-2025-12-01.mvbackup', ...ours].sort())
      expect(backupSettings(vault).last).toMatchObject({ path: join(folder, ours[2]!), madeAt: new Date(2026, 0, 5, 18, 0).toISOString() })

      // The newest one holds the vault as it was then.
      const root = tempDir('mevault-restore')
      await restoreBackup({
        backup: { bytes: readFileSync(join(folder, ours[2]!)), name: ours[2]! },
        vaultDir: join(root, 'vault'),
        passphrase: PASSPHRASE,
        secretKey,
        secretKeys: keyFileStore((id) => join(root, `${id}.json`))
      })
      const restored = await Vault.unlock({ dir: join(root, 'vault'), passphrase: PASSPHRASE, secretKey })
      try {
        expect((await restored.get('contact.email')).value).toBe('ada+5@example.org')
        // The folder was a path on the machine the backup was made on: the restored copy has none.
        expect(backupSettings(restored)).toEqual({ keep: 7 })
      } finally {
        await restored.close()
      }
    } finally {
      await vault.close()
    }
  }, SLOW)

  it('are made by whoever holds the unlocked vault, after a change, through the API', async () => {
    const root = tempDir('mevault-auto')
    const location = resolveVaultLocation({ vaultDir: join(root, 'vault'), configDir: join(root, 'config') }, {})
    const api = createVaultService(location, { backupQuietMs: 50 })
    await api['vault.create']({ passphrase: PASSPHRASE })
    try {
      const folder = join(root, 'backups')
      mkdirSync(folder)
      await expect(api['backup.create']()).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('Choose a folder') })
      await expect(api['backup.setFolder']({ folder: 'relative/path' })).rejects.toMatchObject({ code: 'BAD_INPUT' })
      await api['backup.setFolder']({ folder, keep: 2 })
      await api['fields.set']({ path: 'contact.email', value: 'ada@example.org' })
      await vi.waitFor(() => expect(readdirSync(folder)).toHaveLength(1), { timeout: 60_000, interval: 100 })
      const settings = await api['backup.settings']()
      expect(settings).toMatchObject({ folder, keep: 2, last: { path: join(folder, readdirSync(folder)[0]!) } })
      expect(existsSync(settings.last!.path)).toBe(true)

      // "Back up now" and a named file.
      await expect(api['backup.create']({ path: 'relative.mvbackup' })).rejects.toMatchObject({ code: 'BAD_INPUT' })
      const named = join(root, 'mine.mvbackup')
      await api['backup.create']({ path: named })
      await expect(api['backup.create']({ path: named })).rejects.toMatchObject({ code: 'EXISTS' })
      expect((await api['backup.create']({ path: named, force: true })).path).toBe(named)
    } finally {
      await api['vault.lock']()
    }
  }, SLOW)

  it('a change not yet backed up when the vault locks goes into the day’s file as it locks', async () => {
    const root = tempDir('mevault-auto')
    const location = resolveVaultLocation({ vaultDir: join(root, 'vault'), configDir: join(root, 'config') }, {})
    const api = createVaultService(location, { backupQuietMs: 3_600_000 })
    const kit = await api['vault.create']({ passphrase: PASSPHRASE })
    const folder = join(root, 'backups')
    mkdirSync(folder)
    await api['backup.setFolder']({ folder })
    await api['fields.set']({ path: 'contact.email', value: 'ada@example.org' })
    expect(readdirSync(folder)).toEqual([])
    await api['vault.lock']()
    const [file, ...others] = readdirSync(folder)
    expect(others).toEqual([])

    const target = tempDir('mevault-restore')
    await restoreBackup({
      backup: { bytes: readFileSync(join(folder, file!)), name: file! },
      vaultDir: join(target, 'vault'),
      passphrase: PASSPHRASE,
      secretKey: parseSecretKey(kit.secretKey),
      secretKeys: keyFileStore((id) => join(target, `${id}.json`))
    })
    const restored = await Vault.unlock({ dir: join(target, 'vault'), passphrase: PASSPHRASE, secretKey: parseSecretKey(kit.secretKey) })
    try {
      expect((await restored.get('contact.email')).value).toBe('ada@example.org')
    } finally {
      await restored.close()
    }
  }, SLOW)
})

