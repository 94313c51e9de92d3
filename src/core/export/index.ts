import { badInput } from '../../shared/errors.js'
import type { FieldView } from '../../shared/types.js'
import { withClaims } from '../service/field-claims.js'
import type { Vault } from '../vault/vault.js'
import { fieldsAsCsv } from './export-csv.js'
import { fieldsAsVcard } from './export-vcard.js'

/** The fields a person chose (every field when `paths` is not given), with their claims; NOT_FOUND names a missing one. */
async function chosenFields(vault: Vault, paths?: readonly string[]): Promise<FieldView[]> {
  const all = await withClaims(vault, await vault.list())
  if (paths === undefined) return all
  const byPath = new Map(all.map((field) => [field.path, field]))
  return paths.map((path) => {
    const field = byPath.get(path)
    if (!field) throw badInput(`No field ${path} to export`)
    return field
  })
}

export async function exportCsv(vault: Vault, paths?: readonly string[]): Promise<{ text: string; fields: number }> {
  const fields = await chosenFields(vault, paths)
  if (fields.length === 0) throw badInput('There is nothing to export: the vault holds no fields')
  return { text: fieldsAsCsv(fields), fields: fields.length }
}

export async function exportVcard(vault: Vault, paths?: readonly string[]): Promise<{ text: string; fields: number; left: string[] }> {
  const fields = await chosenFields(vault, paths)
  const { text, left } = fieldsAsVcard(fields)
  return { text, fields: fields.length - left.length, left }
}
