/** Shows a private value, or hides it again. `fieldLabel` names the field for screen readers. */
export function RevealToggle(props: { fieldLabel: string; revealed: boolean; onToggle: () => void; tabIndex?: number; className?: string }) {
  const word = props.revealed ? 'Hide' : 'Reveal'
  return (
    <button
      type="button"
      className={props.className}
      tabIndex={props.tabIndex}
      aria-label={`${word} ${props.fieldLabel}`}
      aria-keyshortcuts="Alt+R"
      onClick={props.onToggle}
    >
      {word}
    </button>
  )
}
