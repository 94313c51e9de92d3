import { useCallback, useEffect, useState } from 'react'
import type { MeVaultApi, RequestAnswer, RequestPreview } from '../../shared/api.js'
import { describeError } from '../components/describe-error.js'
import { isOpenId4VpText } from '../../shared/openid4vp-text.js'

export interface InboxItem {
  key: string
  fileName: string
  /** The file exactly as read: its hash binds the answer to it. */
  text: string
  preview: RequestPreview
  answer?: RequestAnswer
}

export interface Inbox {
  items: InboxItem[]
  selected: string | null
  error: string | null
  select(key: string): void
  importFiles(files: FileList | readonly File[]): Promise<boolean>
  /** Fetches and adds the request a link points at (mevault://request?request_uri=… or https://…). */
  importLink(link: string): Promise<boolean>
  /** A link that opened the app (the desktop shell): shown in the link form for the person to open. */
  offeredLink: string | null
  offerLink(link: string): void
  answered(key: string, answer: RequestAnswer): void
  /** Takes a request out of the inbox (the vault's too); its answers stay in the ledger. */
  dismiss(key: string): Promise<void>
  /** Reads the unanswered requests again, after the standing policy changed. */
  refresh(): Promise<void>
}

/**
 * The requests received: kept in the vault (requests.keep), so locking, a reload or another device
 * loses none, and read back when the vault opens. Kept by the shell, so switching screens loses nothing.
 */
export function useInbox(api: MeVaultApi): Inbox {
  const [items, setItems] = useState<InboxItem[]>([])
  const [selected, setSelected] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [offeredLink, setOfferedLink] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    void (async () => {
      const kept = await api['requests.inbox']().catch(() => [])
      // A request that no longer reads (expired, say) stays kept but is not shown; the rest are read again.
      const read = await Promise.all(
        kept.map(async (entry) => {
          const preview = await api['requests.preview']({ text: entry.text }).catch(() => null)
          return preview ? { key: entry.key, fileName: entry.fileName, text: entry.text, preview } : null
        })
      )
      if (!current) return
      const shown = read.filter((item): item is InboxItem => item !== null)
      // Merged with anything received while these were read (a link that opened the app, a drop).
      setItems((previous) => [...previous, ...shown.filter((item) => !previous.some((p) => p.key === item.key))])
    })()
    return () => {
      current = false
    }
  }, [api])

  /** Keeps a request just read in the vault and shows it first; one received before keeps its answer. */
  const add = useCallback(
    async (text: string, fileName: string, preview: RequestPreview) => {
      const { key } = await api['requests.keep']({ text, fileName })
      setItems((previous) => {
        const before = previous.find((item) => item.key === key)
        return [{ key, fileName, text, preview, ...(before?.answer ? { answer: before.answer } : {}) }, ...previous.filter((item) => item.key !== key)]
      })
      setSelected(key)
      setError(null)
    },
    [api]
  )

  const importFiles = useCallback(
    async (files: FileList | readonly File[]) => {
      let imported = false
      for (const file of Array.from(files)) {
        try {
          const given = await file.text()
          // An OpenID4VP request by reference is fetched once, here, and answered as fetched.
          const text = isOpenId4VpText(given) ? (await api['requests.fetch']({ link: given.trim() })).text : given
          await add(text, file.name, await api['requests.preview']({ text }))
          imported = true
        } catch (failure) {
          setError(`${file.name}: ${describeError(failure)}`)
        }
      }
      return imported
    },
    [api, add]
  )

  const importLink = useCallback(
    async (link: string) => {
      try {
        const { text, from } = await api['requests.fetch']({ link })
        const preview = await api['requests.preview']({ text })
        await add(text, hostOf(from) ?? hostOf(preview.requester.url) ?? 'a link', preview)
        return true
      } catch (failure) {
        setError(describeError(failure))
        return false
      }
    },
    [api, add]
  )

  const refresh = useCallback(async () => {
    const fresh = await Promise.all(
      // One that no longer reads (expired meanwhile) keeps its last preview: answering will say why.
      items.map(async (item) => [item.key, await api['requests.preview']({ text: item.text }).catch(() => item.preview)] as const)
    )
    const byKey = new Map(fresh)
    setItems((previous) =>
      previous.map((item) => {
        const preview = byKey.get(item.key)
        if (!preview) return item
        // An answered request keeps the preview it was answered on; only the requester's rule moves.
        return { ...item, preview: item.answer ? { ...item.preview, requesterRule: preview.requesterRule } : preview }
      })
    )
  }, [api, items])

  return {
    items,
    refresh,
    selected,
    error,
    select: setSelected,
    importFiles,
    importLink,
    offeredLink,
    offerLink: setOfferedLink,
    answered: (key, answer) => setItems((previous) => previous.map((item) => (item.key === key ? { ...item, answer } : item))),
    dismiss: async (key) => {
      try {
        await api['requests.dismiss']({ key })
        setItems((previous) => previous.filter((item) => item.key !== key))
        setSelected((current) => (current === key ? null : current))
      } catch (failure) {
        setError(describeError(failure))
      }
    }
  }
}

/** Where a request came from, by host; null for something that is not a web address (an OpenID4VP link by value). */
function hostOf(address: string): string | null {
  try {
    return new URL(address).host || null
  } catch {
    return null
  }
}
