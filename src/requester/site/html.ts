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
 * Styles come from the site's own /site.css.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export const SITE_CSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}code,.link{font-family:ui-monospace,monospace;word-break:break-all}
.request,.answer{border:1px solid #ccc;border-radius:.5rem;padding:1rem;margin:1rem 0}
.qr{width:14rem;height:14rem;display:block;margin:1rem 0}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}.muted{color:#555}.withdrawn{opacity:.6}
`
