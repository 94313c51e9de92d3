import { protocol } from 'electron'
import { rendererFileResponse } from './renderer-files.js'
import { RENDERER_SCHEME } from './security/renderer-origin.js'

/** Must run before the app is ready: gives our scheme a real, secure origin. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

export function serveRendererFiles(rendererDir: string): void {
  protocol.handle(RENDERER_SCHEME, async (request) => {
    const reply = await rendererFileResponse(rendererDir, request.url)
    const body = typeof reply.body === 'string' ? reply.body : new Uint8Array(reply.body)
    return new Response(body, { status: reply.status, headers: reply.headers })
  })
}
