import type { QrMatrix } from '../../shared/api.js'
import { QR_QUIET_ZONE, qrPath } from '../lib/device-views.js'

/** A QR code drawn as inline SVG. Black on white whatever the theme: cameras need the contrast. */
export function QrCode({ qr, label }: { qr: QrMatrix; label: string }) {
  const extent = qr.size + 2 * QR_QUIET_ZONE
  return (
    <svg className="qr-code" viewBox={`0 0 ${extent} ${extent}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect width={extent} height={extent} fill="#ffffff" />
      <path d={qrPath(qr)} fill="#000000" />
    </svg>
  )
}
