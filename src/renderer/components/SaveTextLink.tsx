import { useEffect, useState } from 'react'

/** A download link for text made here (a packet, a notice): a Blob URL, so nothing goes over the network. */
export function SaveTextLink(props: { text: string; fileName: string; mediaType: string; children: string }) {
  const [href, setHref] = useState<string | null>(null)
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([props.text], { type: props.mediaType }))
    setHref(url)
    return () => URL.revokeObjectURL(url)
  }, [props.text, props.mediaType])
  if (!href) return null
  return (
    <a className="button primary" href={href} download={props.fileName}>
      {props.children}
    </a>
  )
}
