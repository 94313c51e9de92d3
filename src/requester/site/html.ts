/** Text for HTML element content and quoted attributes: everything that could open markup is escaped. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** A template whose interpolations are escaped, unless they are already-built `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let text = strings[0] ?? ''
  values.forEach((value, index) => {
    const part = Array.isArray(value) ? value.map(piece).join('') : piece(value)
    text += part + (strings[index + 1] ?? '')
  })
  return new Html(text)
}

function piece(value: unknown): string {
  if (value instanceof Html) return value.text
  if (value === undefined || value === null || value === false) return ''
  return escapeHtml(value)
}

/**
 * No script at all, nothing from elsewhere: the page only shows text, links and inline SVG.
 * Styles come from the site's own /site.css (site-css.ts).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
