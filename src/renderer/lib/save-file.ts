/**
 * Hands bytes made here to the browser's (or Electron's) download: a Blob URL clicked once, so
 * nothing goes over the network, then let go so the data does not stay reachable from the page.
 */
export function saveFile(data: BlobPart, fileName: string, mediaType: string): void {
  const url = URL.createObjectURL(new Blob([data], { type: mediaType }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // The download has read the Blob by the next turn; a minute is far more than it needs.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

export function bytesFromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
