import { copyValue } from '../lib/copy-value.js'
import { describeError } from './describe-error.js'

/** Copies a value in one click; says when the clipboard will be cleared (or why it could not copy). */
export function CopyButton(props: {
  value: string
  fieldLabel: string
  onNote: (note: string) => void
  tabIndex?: number
  className?: string
}) {
  return (
    <button
      type="button"
      className={props.className}
      tabIndex={props.tabIndex}
      aria-label={`Copy ${props.fieldLabel}`}
      aria-keyshortcuts="Control+C Meta+C"
      onClick={() => void copyAndSay(props.value, props.onNote)}
    >
      Copy
    </button>
  )
}

export async function copyAndSay(value: string, onNote: (note: string) => void): Promise<void> {
  try {
    const seconds = await copyValue(value)
    onNote(`Copied — clears in ${seconds} s.`)
  } catch (failure) {
    onNote(`Not copied: ${describeError(failure)}`)
  }
}
