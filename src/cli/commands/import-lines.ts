import type { ImportPlan, ImportResult } from '../../shared/import-plan.js'
import { shown } from '../terminal-text.js'

/** Up to this many fields are listed one a line; a bigger import is told in counts (conflicts always listed). */
const LISTED = 40

/** What `mevault import` prints: where each field goes (no values), what was left out, and what was done. */
export function importLines(file: string, plan: ImportPlan, result: ImportResult | undefined, replace: boolean): string {
  const lines: string[] = [shown`${file} (${plan.format}): ${plan.items.length} fields into ${plan.records.length} record${plan.records.length === 1 ? '' : 's'}`]
  if (plan.savedMap) lines.push('  (columns mapped as in your last import of a CSV with these columns; --map to change it)')
  const listed = plan.items.length <= LISTED ? plan.items : plan.items.filter((item) => item.status === 'conflict')
  const width = Math.max(0, ...listed.map((item) => item.path.length))
  for (const item of listed) {
    const status = item.status === 'conflict' ? (replace ? 'replace' : 'keep') : item.status === 'same' ? 'same' : 'new'
    const claim = item.claim ? ` (${item.claim})` : ''
    lines.push(shown`  ${status.padEnd(8)} ${item.path.padEnd(width)}${claim}  from ${item.source}`)
  }
  if (listed.length < plan.items.length) lines.push(`  ${plan.counts.new} new, ${plan.counts.same} already there${plan.counts.conflict > 0 ? `, ${plan.counts.conflict} conflicts (above)` : ''}`)
  for (const column of plan.columns ?? []) if (column.target === null) lines.push(shown`  left out: column "${column.column}" (map it with --map "${column.column}=CLAIM|RECORD.FIELD")`)
  for (const skipped of plan.skipped.filter((s) => !s.startsWith('column '))) lines.push(shown`  left out: ${skipped}`)
  if (plan.counts.conflict > 0 && !replace) lines.push(`  ${plan.counts.conflict} field${plan.counts.conflict === 1 ? ' holds' : 's hold'} a different value: kept (--replace to take the file's)`)
  if (result === undefined) lines.push('Dry run: nothing was written.')
  else {
    const parts = [`${result.written} field${result.written === 1 ? '' : 's'} imported`]
    if (result.same > 0) parts.push(`${result.same} already there`)
    if (result.replaced > 0) parts.push(`${result.replaced} replaced`)
    if (result.kept > 0) parts.push(`${result.kept} kept`)
    if (result.claimsTagged > 0) parts.push(`${result.claimsTagged} tagged with claims`)
    lines.push(`${parts.join(', ')}.`)
  }
  return `${lines.join('\n')}\n`
}
