/** The site's one stylesheet, served as /site.css (the CSP allows styles from the site itself only). */
export const SITE_CSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}code,.link{font-family:ui-monospace,monospace;word-break:break-all}
.request,.answer{border:1px solid #ccc;border-radius:.5rem;padding:1rem;margin:1rem 0}
.qr{width:14rem;height:14rem;display:block;margin:1rem 0}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}.muted{color:#555}.withdrawn{opacity:.6}
`
