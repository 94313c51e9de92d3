/**
 * Reads a recovery kit PDF back with code we did not write: its text through Mozilla's pdf.js
 * (what Firefox shows), its QR code by taking the image out with pdf-lib and decoding it with jsQR.
 */
import jsQR from 'jsqr'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

// pdf.js reads the widths of PDF's standard fonts (Helvetica, Courier) from its own files.
const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/'

export interface ReadKit {
  pages: number
  /** Each line of text as pdf.js extracts it, joined with newlines. */
  text: string
  /** What every QR image on the pages decodes to. */
  qrTexts: string[]
}

export async function readKitPdf(bytes: Uint8Array): Promise<ReadKit> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, useSystemFonts: false, isEvalSupported: false }).promise
  const lines: string[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent()
    for (const item of content.items) if ('str' in item && item.str.trim() !== '') lines.push(item.str)
  }
  const pages = pdf.numPages
  await pdf.destroy()
  return { pages, text: lines.join('\n'), qrTexts: await qrTexts(bytes) }
}

async function qrTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes)
  const found: string[] = []
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue
    const dict = object.dict
    if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue
    // The colour image (the alpha channel is a soft mask of its own, grey, one byte a pixel).
    if (dict.get(PDFName.of('ColorSpace')) !== PDFName.of('DeviceRGB')) continue
    const width = (dict.get(PDFName.of('Width')) as PDFNumber).asNumber()
    const height = (dict.get(PDFName.of('Height')) as PDFNumber).asNumber()
    const rgb = inflateSync(object.contents)
    const rgba = new Uint8ClampedArray(width * height * 4)
    for (let i = 0; i < width * height; i++) {
      rgba.set([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, 255], i * 4)
    }
    const code = jsQR(rgba, width, height)
    if (code) found.push(code.data)
  }
  return found
}
