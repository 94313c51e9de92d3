/** Answers the renderer protocol from the built files, with the same headers `mevault serve` sends. */
import { readFile } from 'node:fs/promises'
import { contentTypeFor, resolveRendererFile } from '../server/static-files.js'
import { CONTENT_SECURITY_POLICY, RENDERER_SECURITY_HEADERS } from './security/content-security-policy.js'
import { RENDERER_HOST } from './security/renderer-origin.js'

export interface RendererFileResponse {
  status: number
  headers: Record<string, string>
  body: Uint8Array | string
}

export async function rendererFileResponse(rendererDir: string, requestUrl: string): Promise<RendererFileResponse> {
  const headers = { ...RENDERER_SECURITY_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY }
  const notFound = { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Not found.' }
  const url = new URL(requestUrl)
  if (url.host !== RENDERER_HOST) return notFound
  const file = resolveRendererFile(rendererDir, url.pathname)
  const type = file === null ? null : contentTypeFor(file)
  if (file === null || type === null) return notFound
  try {
    return { status: 200, headers: { ...headers, 'Content-Type': type }, body: await readFile(file) }
  } catch {
    return notFound
  }
}
