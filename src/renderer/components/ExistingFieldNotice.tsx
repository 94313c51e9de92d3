/** Add never replaces a field: it says which one is there and offers to open it instead. */
export function ExistingFieldNotice({ path, onOpen }: { path: string; onOpen?: (path: string) => void }) {
  return (
    <div role="alert" className="error existing-field">
      <p>
        There is already a field {path}. Nothing was changed: open it to edit its value or tier, or choose another name.
      </p>
      {onOpen && (
        <button type="button" onClick={() => onOpen(path)}>
          Open {path}
        </button>
      )}
    </div>
  )
}
