/**
 * `window.mevaultShell`: what the desktop shell tells the page (menu commands and request files
 * opened from outside), one explicit subscription per event. Types only: the preload builds it,
 * the renderer listens to it.
 */

/**
 * A request file (File > Open, a mevault:// link) as text; the page previews it like a dropped
 * file. A link that points to a request (`mevault://request?request_uri=…`) comes as `link` with
 * empty text: the page shows it to the person, who opens it (only then is it fetched).
 */
export interface OpenedRequest {
  fileName: string
  text: string
  link?: string
}

export interface ShellEvents {
  /** Lock chosen in the menu (Ctrl/Cmd+L). Returns a function that stops listening. */
  onLock(callback: () => void): () => void
  /** Find chosen in the menu (Ctrl/Cmd+F). */
  onFind(callback: () => void): () => void
  /** A request opened from outside the page. Requests that came while nobody listened arrive on subscribing. */
  onOpenRequest(callback: (request: OpenedRequest) => void): () => void
}

/** Inside Electron, `window.mevaultShell` also copies through main's clipboard (src/preload/shell-clipboard.ts). */
export interface ShellClipboard {
  /** Copies `text`; main clears the clipboard after `clearAfterMs` if it still holds `text`. */
  copy(text: string, clearAfterMs: number): Promise<void>
}
