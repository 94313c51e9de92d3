import { useState } from 'react'

/**
 * Which private values the person revealed (by path): each shows as dots, and is not in the page,
 * until revealed. The set lives as long as the screen that holds it (the vault screen: until the
 * vault locks; the Trash: while it is open).
 */
export function useRevealed(): [ReadonlySet<string>, (path: string) => void] {
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set())
  const toggleReveal = (path: string): void =>
    setRevealed((now) => {
      const next = new Set(now)
      if (!next.delete(path)) next.add(path)
      return next
    })
  return [revealed, toggleReveal]
}
