import { create } from 'qrcode'
import { Html } from './html.js'

/**
 * A QR code as inline SVG: one path of the dark modules, with the quiet zone of 4 modules the
 * standard asks for. Inline, so the page's CSP needs no image source; level M, as the app's own.
 */
export function qrSvg(text: string, label: string): Html {
  const { modules } = create(text, { errorCorrectionLevel: 'M' })
  const quiet = 4
  const size = modules.size + quiet * 2
  let path = ''
  for (let row = 0; row < modules.size; row += 1) {
    for (let column = 0; column < modules.size; column += 1) {
      if (modules.get(row, column)) path += `M${column + quiet} ${row + quiet}h1v1h-1z`
    }
  }
  const title = label.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
  return new Html(
    `<svg class="qr" role="img" aria-label="${title}" viewBox="0 0 ${size} ${size}" xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges">` +
      `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  )
}
