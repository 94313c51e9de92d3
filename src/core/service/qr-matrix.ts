import { create } from 'qrcode'
import type { QrMatrix } from '../../shared/api.js'

/**
 * The QR code of `text` as rows of modules (true = dark). The UI draws it as SVG shapes, so the
 * page's strict CSP needs no image URL. Level M: a phone camera still reads it off a dim screen.
 */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = create(text, { errorCorrectionLevel: 'M' })
  const rows: boolean[][] = []
  for (let row = 0; row < modules.size; row += 1) {
    const cells: boolean[] = []
    for (let column = 0; column < modules.size; column += 1) cells.push(modules.get(row, column) === 1)
    rows.push(cells)
  }
  return { size: modules.size, modules: rows }
}
