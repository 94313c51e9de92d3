import type { FieldPage, RequestPreview } from '../../shared/api.js'
import type { FieldView } from '../../shared/types.js'
import { recordNames, renameRecord } from '../records/record-names.js'
import type { Vault } from '../vault/vault.js'

/**
 * Fields and record headers as the API returns them: each with the name the person gave its
 * record, if any (records/record-names.ts). Only named records' rows get a new object.
 */
export async function withRecordNames(vault: Vault, fields: FieldView[]): Promise<FieldView[]> {
  const names = await recordNames(vault)
  if (names.size === 0) return fields
  return fields.map((field) => {
    const recordName = names.get(field.record)
    return recordName === undefined ? field : { ...field, recordName }
  })
}

export async function withRecordName(vault: Vault, field: FieldView): Promise<FieldView> {
  return (await withRecordNames(vault, [field]))[0]!
}

export async function pageWithRecordNames(vault: Vault, page: FieldPage): Promise<FieldPage> {
  const names = await recordNames(vault)
  if (names.size === 0) return page
  const named = <T extends { record: string }>(row: T): T => {
    const name = names.get(row.record)
    return name === undefined ? row : { ...row, name }
  }
  return {
    ...page,
    fields: await withRecordNames(vault, page.fields),
    ...(page.headers ? { headers: page.headers.map(named) } : {})
  }
}

/** A request's preview with the name of each answering field's record, so the person sees whose data goes. */
export async function previewWithRecordNames(vault: Vault, preview: RequestPreview): Promise<RequestPreview> {
  const names = await recordNames(vault)
  if (names.size === 0) return preview
  const lines = preview.lines.map((line) => {
    const recordName = line.field === undefined ? undefined : names.get(line.field.split('.')[0]!)
    return recordName === undefined ? line : { ...line, recordName }
  })
  return { ...preview, lines }
}

/** `records.rename`: the record and the name it has now. */
export async function renameRecordMethod(vault: Vault, record: string, name: string): Promise<{ record: string; name?: string }> {
  const now = await renameRecord(vault, record, name)
  return now === undefined ? { record } : { record, name: now }
}
