/** Shown only when the details take the list's place (styles.css hides it beside the list). */
export function BackToList({ onBack }: { onBack: () => void }) {
  return (
    <button type="button" className="back-to-list compact" onClick={onBack}>
      <span aria-hidden="true">←</span> Back to the list
    </button>
  )
}
