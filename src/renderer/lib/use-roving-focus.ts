import { useCallback, useRef } from 'react'

/** What Tab would stop on inside a row. */
const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]'
/** Where the arrow keys belong to the control itself (a caret to move, options to pick). */
const EDITABLE = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]'
/** Set on a control this hook took out of the Tab order, holding the tabindex it had ("" for none). */
const HIDDEN_MARK = 'data-roving-was'

const MOVES: Record<string, (index: number, last: number) => number> = {
  ArrowDown: (i, last) => Math.min(last, i + 1),
  ArrowUp: (i) => Math.max(0, i - 1),
  Home: () => 0,
  End: (_, last) => last
}

/**
 * One Tab stop per list, arrow keys inside: WAI-ARIA's roving tabindex, for the lists whose rows
 * carry buttons (the inbox, the ledger, the devices, the trash). Issue 15 found each row to be up
 * to 4 Tab stops, so a keyboard user tabbed through every row to reach anything after the list.
 *
 * The rows are the list's own <li> children. Exactly one row is active: its focus target (the row
 * itself, or the element `targetSelector` picks in it) and its own controls are in the Tab order;
 * every other row's are taken out. So Tab enters the list once, goes through the active row's
 * buttons, and leaves. ↑ ↓ Home End move to another row (not while typing in a box inside one).
 * A row the person clicks or focuses in becomes the active one. The first active row is the one
 * marked aria-current (the open request), else the first.
 *
 * When the focused button goes away under the keyboard (Withdraw consent, Remove a request), the
 * focus stays in the list, on the active row, instead of falling to the page's body.
 *
 * Give the list the returned ref. Rows rendered later (or by child components) are kept in step
 * through a MutationObserver, so no row component needs to know about this.
 */
export function useRovingFocus<T extends HTMLElement>(options: { targetSelector?: string } = {}): (list: T | null) => (() => void) | undefined {
  const active = useRef<HTMLElement | null>(null)
  const { targetSelector } = options

  return useCallback(
    (list: T | null) => {
      if (!list) return undefined
      const rows = () => [...list.children].filter((child): child is HTMLElement => child instanceof HTMLElement && child.tagName === 'LI')
      const targetOf = (row: HTMLElement) => (targetSelector ? row.querySelector<HTMLElement>(targetSelector) : null) ?? row

      /** The focus was in the list, and has not been moved out of it by the person. */
      let focusInside = false
      /** Counts focus events, so a late check does not undo a focus that came back meanwhile. */
      let focusEvents = 0

      const apply = () => {
        const all = rows()
        const current = all.find((row) => row.matches('[aria-current]') || row.querySelector('[aria-current]'))
        // While the keyboard is elsewhere, the list is entered at its current row (the open request).
        if (current && !list.contains(document.activeElement)) active.current = current
        if (!active.current || !all.includes(active.current)) active.current = current ?? all[0] ?? null
        for (const row of all) {
          const target = targetOf(row)
          const isActive = row === active.current
          if (isActive) {
            for (const hidden of row.querySelectorAll<HTMLElement>(`[${HIDDEN_MARK}]`)) restore(hidden)
            if (target === row) row.tabIndex = 0
            else {
              row.removeAttribute('tabindex')
              if (target.hasAttribute(HIDDEN_MARK)) restore(target)
            }
          } else {
            row.tabIndex = -1
            for (const control of row.querySelectorAll<HTMLElement>(FOCUSABLE)) hide(control)
          }
        }
        if (focusInside && focusIsLost()) {
          // Later than the components' own focus moves (a form closing puts the focus back on its
          // button after React's effects and the next frame): only a focus still lost then is ours.
          requestAnimationFrame(() =>
            setTimeout(() => {
              if (focusInside && focusIsLost() && active.current?.isConnected) targetOf(active.current).focus()
            })
          )
        }
      }

      const rowOf = (node: EventTarget | null) => {
        const row = node instanceof Element ? node.closest('li') : null
        // A row of this list, not of a list nested in one (the ledger's shared fields).
        return row && row.parentElement === list ? (row as HTMLElement) : null
      }

      const onFocusOut = (event: FocusEvent) => {
        const to = event.relatedTarget
        if (to instanceof Node && list.contains(to)) return
        // Left for somewhere else, or to nowhere (a click on the page) while the element stays: the
        // person moved the focus. An element taken out of the page is not a move of theirs.
        const left = event.target
        const seen = ++focusEvents
        setTimeout(() => {
          if (seen === focusEvents && (to || (left instanceof Node && left.isConnected))) focusInside = false
        })
      }

      const onFocusIn = (event: FocusEvent) => {
        focusEvents += 1
        focusInside = true
        const row = rowOf(event.target)
        if (row && row !== active.current) {
          active.current = row
          apply()
        }
      }

      const onKeyDown = (event: KeyboardEvent) => {
        const move = MOVES[event.key]
        if (!move || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return
        if (event.target instanceof Element && event.target.closest(EDITABLE)) return
        const all = rows()
        const from = rowOf(event.target)
        if (!from) return
        const next = all[move(all.indexOf(from), all.length - 1)]
        event.preventDefault()
        if (!next || next === from) return
        active.current = next
        apply()
        targetOf(next).focus()
      }

      list.dataset.rovingList = ''
      apply()
      // Our own changes are to tabindex and HIDDEN_MARK, not watched: no loop.
      const observer = new MutationObserver(apply)
      observer.observe(list, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-current'] })
      list.addEventListener('focusin', onFocusIn)
      list.addEventListener('focusout', onFocusOut)
      list.addEventListener('keydown', onKeyDown)
      return () => {
        observer.disconnect()
        list.removeEventListener('focusin', onFocusIn)
        list.removeEventListener('focusout', onFocusOut)
        list.removeEventListener('keydown', onKeyDown)
      }
    },
    [targetSelector]
  )
}

function focusIsLost(): boolean {
  return !document.activeElement || document.activeElement === document.body
}

function hide(control: HTMLElement): void {
  if (control.hasAttribute(HIDDEN_MARK) || control.getAttribute('tabindex') === '-1') return
  control.setAttribute(HIDDEN_MARK, control.getAttribute('tabindex') ?? '')
  control.tabIndex = -1
}

function restore(control: HTMLElement): void {
  const was = control.getAttribute(HIDDEN_MARK)
  control.removeAttribute(HIDDEN_MARK)
  if (was) control.setAttribute('tabindex', was)
  else control.removeAttribute('tabindex')
}
