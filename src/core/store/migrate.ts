import type Database from 'better-sqlite3'
import { MeVaultError } from '../../shared/errors.js'
import { MIGRATIONS, type Migration } from './migrations/index.js'

/** Brings the schema to the newest version, one transaction per migration (user_version tracks it). */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number
  const newest = migrations.at(-1)?.version ?? 0
  if (current > newest) {
    throw new MeVaultError(
      'BAD_INPUT',
      `This vault was written by a newer MeVault (schema ${current}, this version knows ${newest}); update MeVault`
    )
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
  return newest
}
