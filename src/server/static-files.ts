/**
 * Maps a URL path to a file inside the built renderer folder, and nothing outside it.
 * Shared by `mevault serve` and Electron's renderer protocol.
 */
import path from 'node:path'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8'
}

/** Null when the path is malformed, hidden, or escapes the folder. "/" means index.html. */
export function resolveRendererFile(rendererDir: string, urlPathname: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPathname)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  if (relative.split('/').some((part) => part === '..' || part.startsWith('.'))) return null
  const root = path.resolve(rendererDir)
  const file = path.resolve(root, relative)
  if (!file.startsWith(root + path.sep)) return null
  return file
}

/** Only known types are served: anything else is not part of the renderer. */
export function contentTypeFor(file: string): string | null {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? null
}
