import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib'
import QRCode from 'qrcode'
import type { RecoveryKit } from '../../shared/types.js'

/**
 * The recovery kit as a one-page A4 PDF to save or print: the secret key as text (in its groups,
 * in a typewriter font so 0/O and 1/I stay apart) and as a QR code, the vault id, the identity, the
 * date, what to do with it and what not, and a box for the passphrase. Pure: no DOM, no files.
 */
export async function recoveryKitPdf(kit: RecoveryKit): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.setTitle('MeVault recovery kit')
  doc.setSubject(`Vault ${kit.vaultId}`)
  doc.setCreator('MeVault')
  doc.setProducer('MeVault')
  const page = doc.addPage([595.28, 841.89])
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.CourierBold)
  }
  const writer = new PageWriter(page, fonts.regular, 56)

  writer.line('MeVault recovery kit', fonts.bold, 22)
  writer.gap(4)
  writer.paragraph(
    'This page lets you open your vault on a new computer, or on this one if its copy of the secret key is lost. ' +
      'Print it or save it somewhere only you can reach.'
  )
  writer.gap(10)

  writer.line('Secret key', fonts.bold, 12)
  writer.line(kit.secretKey, fonts.mono, 17)
  writer.gap(6)
  const qr = await doc.embedPng(await QRCode.toBuffer(kit.secretKey, { errorCorrectionLevel: 'M', margin: 4, scale: 8 }))
  const qrSize = 150
  writer.image(qr, qrSize)
  writer.paragraph('The QR code holds the same secret key, for a phone or a scanner.', fonts.regular, 9)
  writer.gap(8)

  writer.pair('Vault id', kit.vaultId, fonts)
  writer.pair('Identity', kit.did, fonts)
  writer.pair('Created', kit.createdAt, fonts)
  writer.gap(10)

  writer.line('What to do with it', fonts.bold, 12)
  for (const item of [
    'Keep it with your important papers, or in a safe. You need it together with your passphrase.',
    'On a new computer, or when MeVault says "this computer does not have your secret key", type the secret key from this page on the unlock screen (or run `mevault key restore`).',
    'Once it is printed or stored safely, delete any other copies of this file.'
  ]) {
    writer.bullet(item)
  }
  writer.gap(6)
  writer.line('What not to do', fonts.bold, 12)
  for (const item of [
    'Do not email it, send it in a chat, or keep it in a shared or synced folder.',
    'Do not store it next to your passphrase: anyone holding both, and a copy of your vault, can read everything in it.',
    'MeVault will never ask you for this key by email, phone or on a website.'
  ]) {
    writer.bullet(item)
  }
  writer.gap(10)

  writer.line('Passphrase', fonts.bold, 12)
  writer.paragraph(
    'Write your passphrase here only if this page stays locked away: with it filled in, this page alone opens your vault for whoever holds it and a copy of the vault.',
    fonts.regular,
    9
  )
  writer.box(34)

  return doc.save()
}

/** Writes top to bottom inside the page's margins, wrapping long text to the width. */
class PageWriter {
  private y: number
  private readonly width: number

  constructor(
    private readonly page: PDFPage,
    private readonly font: PDFFont,
    private readonly margin: number
  ) {
    this.y = page.getHeight() - margin
    this.width = page.getWidth() - 2 * margin
  }

  gap(points: number): void {
    this.y -= points
  }

  line(text: string, font: PDFFont = this.font, size = 11, x = this.margin): void {
    this.y -= size * 1.3
    this.page.drawText(text, { x, y: this.y, size, font, color: rgb(0, 0, 0) })
  }

  paragraph(text: string, font: PDFFont = this.font, size = 11, indent = 0): void {
    for (const line of wrap(text, font, size, this.width - indent)) this.line(line, font, size, this.margin + indent)
  }

  bullet(text: string, size = 10): void {
    const first = this.y
    this.paragraph(text, this.font, size, 14)
    this.page.drawText('-', { x: this.margin + 3, y: first - size * 1.3, size, font: this.font })
  }

  pair(label: string, value: string, fonts: { bold: PDFFont; regular: PDFFont }, size = 10): void {
    this.y -= size * 1.4
    this.page.drawText(label, { x: this.margin, y: this.y, size, font: fonts.bold })
    this.page.drawText(value, { x: this.margin + 70, y: this.y, size, font: fonts.regular })
  }

  image(image: Parameters<PDFPage['drawImage']>[0], size: number): void {
    this.y -= size
    this.page.drawImage(image, { x: this.margin, y: this.y, width: size, height: size })
  }

  box(height: number): void {
    this.y -= height + 6
    this.page.drawRectangle({ x: this.margin, y: this.y, width: this.width, height, borderColor: rgb(0, 0, 0), borderWidth: 1 })
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = []
  let current = ''
  for (const word of text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`
    if (current !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(current)
      current = word
    } else {
      current = candidate
    }
  }
  if (current !== '') lines.push(current)
  return lines
}

/** The name a saved kit gets: the vault's id in it, so two vaults' kits are told apart. */
export function recoveryKitFileName(vaultId: string): string {
  return `mevault-recovery-kit-${vaultId.slice(0, 8)}.pdf`
}
