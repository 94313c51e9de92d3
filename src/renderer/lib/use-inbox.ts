import { useCallback, useState } from 'react'
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
  /** Reads the unanswered requests again, after the standing policy changed. */
  refresh(): Promise<void>
}

/** Request files imported this session. Kept by the shell, so switching screens loses nothing. */
export function useInbox(api: MeVaultApi): Inbox {
  const [items, setItems] = useState<InboxItem[]>([])
  const [selected, setSelected] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [offeredLink, setOfferedLink] = useState<string | null>(null)

  const importFiles = useCallback(
    async (files: FileList | readonly File[]) => {
      let imported = false
      for (const file of Array.from(files)) {
        try {
          const given = await file.text()
          // An OpenID4VP request by reference is fetched once, here, and answered as fetched.
          const text = isOpenId4VpText(given) ? (await api['requests.fetch']({ link: given.trim() })).text : given
          const preview = await api['requests.preview']({ text })
          const key = `${preview.request.sha256}`
          setItems((previous) => [{ key, fileName: file.name, text, preview }, ...previous.filter((item) => item.key !== key)])
          setSelected(key)
          setError(null)
          imported = true
        } catch (failure) {
          setError(`${file.name}: ${describeError(failure)}`)
        }
      }
      return imported
    },
    [api]
  )

  const importLink = useCallback(
    async (link: string) => {
      try {
        const { text, from } = await api['requests.fetch']({ link })
        const preview = await api['requests.preview']({ text })
        const key = `${preview.request.sha256}`
        setItems((previous) => [{ key, fileName: hostOf(from) ?? hostOf(preview.requester.url) ?? 'a link', text, preview }, ...previous.filter((item) => item.key !== key)])
        setSelected(key)
        setError(null)
        return true
      } catch (failure) {
        setError(describeError(failure))
        return false
      }
    },
    [api]
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
    answered: (key, answer) => setItems((previous) => previous.map((item) => (item.key === key ? { ...item, answer } : item)))
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
