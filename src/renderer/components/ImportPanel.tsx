import { useState, type DragEvent } from 'react'
import type { MeVaultApi, MethodInput } from '../../shared/api.js'
import type { ImportItem, ImportPlan, ImportResult } from '../../shared/import-plan.js'
import { TIERS, type Tier } from '../../shared/types.js'
import { useEscapeToClose } from '../lib/use-escape-to-close.js'
import { describeError } from './describe-error.js'
import { ImportPreviewTable } from './ImportPreviewTable.js'

type FileInput = Pick<MethodInput<'import.preview'>, 'fileName' | 'content' | 'encoding'>

/** A 1PUX is a zip: it goes to the vault as base64; everything else as text. */
async function readPicked(file: File): Promise<FileInput> {
  if (/\.1pux$/i.test(file.name)) {
    const bytes = new Uint8Array(await file.arrayBuffer())
    let binary = ''
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    return { fileName: file.name, content: btoa(binary), encoding: 'base64' }
  }
  return { fileName: file.name, content: await file.text() }
}

/**
 * Import (issue 14 §1): pick or drop a file, see where each field goes, edit a CSV's column
 * mapping, choose for each conflict, confirm. Nothing is written before the confirm, and then all
 * of it or nothing (docs/import.md).
 */
export function ImportPanel(props: { api: MeVaultApi; onImported: () => void; onClose: () => void }) {
  const [file, setFile] = useState<FileInput | null>(null)
  const [plan, setPlan] = useState<ImportPlan | null>(null)
  const [map, setMap] = useState<Record<string, string> | undefined>(undefined)
  const [tier, setTier] = useState<Tier>('private')
  const [replace, setReplace] = useState<Record<string, boolean>>({})
  const [busy, setBusy] = useState<'reading' | 'importing' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<ImportResult | null>(null)
  // Escape is Cancel (or Done), and the focus goes back to the Import button.
  const closing = useEscapeToClose<HTMLElement>(props.onClose)

  const preview = async (input: FileInput, nextMap?: Record<string, string>): Promise<void> => {
    setBusy('reading')
    setError(null)
    setResult(null)
    try {
      setPlan(await props.api['import.preview']({ ...input, ...(nextMap ? { map: nextMap } : {}), tier }))
      setReplace({})
    } catch (e) {
      setPlan(null)
      setError(describeError(e))
    } finally {
      setBusy(null)
    }
  }

  const pick = async (picked: File | undefined): Promise<void> => {
    if (!picked) return
    const input = await readPicked(picked)
    setFile(input)
    setMap(undefined)
    await preview(input)
  }

  const drop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault()
    void pick(event.dataTransfer.files[0])
  }

  const confirm = async (): Promise<void> => {
    if (!file || !plan) return
    setBusy('importing')
    setError(null)
    try {
      const resolutions = Object.fromEntries(Object.entries(replace).map(([path, yes]) => [path, yes ? ('replace' as const) : ('keep' as const)]))
      setResult(await props.api['import.apply']({ ...file, ...(map ? { map } : {}), tier, resolutions }))
      setPlan(null)
      props.onImported()
    } catch (e) {
      setError(describeError(e))
    } finally {
      setBusy(null)
    }
  }

  const writing = plan ? plan.counts.new + plan.items.filter((i: ImportItem) => i.status === 'conflict' && replace[i.path]).length : 0

  return (
    <section className="details import-panel" aria-labelledby="import-title" {...closing}>
      <h2 id="import-title">Import</h2>
      <p className="lead">A vCard, a CSV with a header row, a MeVault or Bitwarden JSON export, or a 1Password 1PUX. You see where each field goes before anything is written.</p>
      <div className="drop-zone" onDragOver={(e) => e.preventDefault()} onDrop={drop}>
        <label htmlFor="import-file">Choose a file to import</label>
        <input id="import-file" type="file" accept=".vcf,.vcard,.csv,.json,.1pux" onChange={(e) => void pick(e.target.files?.[0])} />
        <p className="hint">or drop it here</p>
      </div>
      <label htmlFor="import-tier">Tier of the imported fields</label>
      <select id="import-tier" value={tier} onChange={(e) => setTier(e.target.value as Tier)}>
        {TIERS.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      {busy && (
        <p role="status" aria-busy="true">
          {busy === 'reading' ? 'Reading the file…' : `Importing ${writing} fields…`} <progress />
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <p role="status" className="success">
          Imported {result.written} field{result.written === 1 ? '' : 's'}
          {result.same > 0 ? `, ${result.same} already there` : ''}
          {result.kept > 0 ? `, ${result.kept} kept as they were` : ''}
          {result.replaced > 0 ? `, ${result.replaced} replaced` : ''}.
        </p>
      )}
      {plan && file && (
        <ImportPreviewTable
          plan={plan}
          replace={replace}
          onReplace={(path, yes) => setReplace((r) => ({ ...r, [path]: yes }))}
          onMap={(next) => {
            setMap(next)
            void preview(file, next)
          }}
        />
      )}
      <div className="actions">
        {plan && (
          <button type="button" className="primary" disabled={busy !== null || writing === 0} onClick={() => void confirm()}>
            Import {writing} field{writing === 1 ? '' : 's'}
          </button>
        )}
        <button type="button" onClick={props.onClose}>
          {result ? 'Done' : 'Cancel'}
        </button>
      </div>
    </section>
  )
}
