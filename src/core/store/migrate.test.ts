import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { migrate } from './migrate.js'
import { MIGRATIONS } from './migrations/index.js'

const tables = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name)

describe('schema migrations', () => {
  it('001-initial: an empty file gains the meta and chunks tables and schema version 1', () => {
    const db = new Database(join(tempDir(), 'v.db'))
    expect(tables(db)).toEqual([])
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toBe(1)
    expect(tables(db)).toEqual(['chunks', 'meta'])
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    db.prepare('INSERT INTO chunks (key, data) VALUES (?, ?)').run('a', Buffer.from([1]))
    expect(() => db.prepare('INSERT INTO chunks (key, data) VALUES (?, ?)').run('a', Buffer.from([2]))).toThrow(/UNIQUE/)
    db.close()
  })

  it('runs each migration once, keeping the data already there', () => {
    const db = new Database(join(tempDir(), 'v.db'))
    migrate(db)
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('k', Buffer.from('v'))
    migrate(db)
    expect(db.prepare('SELECT count(*) AS n FROM meta').get()).toEqual({ n: 1 })
    db.close()
  })

  it('004-view-parts: a vault at version 3 keeps its views and gains the view_parts table', () => {
    const db = new Database(join(tempDir(), 'v.db'))
    migrate(db, MIGRATIONS.slice(0, 3))
    db.prepare('INSERT INTO views (doc, data) VALUES (?, ?)').run('doc-1', Buffer.from([7]))
    expect(tables(db)).not.toContain('view_parts')
    expect(migrate(db)).toBe(4)
    expect(tables(db)).toContain('view_parts')
    expect(db.prepare('SELECT count(*) AS n FROM views').get()).toEqual({ n: 1 })
    db.prepare('INSERT INTO view_parts (doc, part, data) VALUES (?, ?, ?)').run('doc-1', 'p', Buffer.from([1]))
    expect(() => db.prepare('INSERT INTO view_parts (doc, part, data) VALUES (?, ?, ?)').run('doc-1', 'p', Buffer.from([2]))).toThrow(/UNIQUE|PRIMARY/)
    db.close()
  })

  it('refuses a vault written by a newer MeVault instead of guessing', () => {
    const db = new Database(join(tempDir(), 'v.db'))
    db.pragma('user_version = 99')
    expect(() => migrate(db)).toThrow(/newer MeVault/)
    db.close()
  })
})
