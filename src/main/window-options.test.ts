import { describe, expect, it } from 'vitest'
import { buildWindowOptions } from './window-options.js'

const options = buildWindowOptions({ preloadPath: '/app/out/preload/index.cjs', devTools: false })
const web = options.webPreferences ?? {}

describe('the MeVault window', () => {
  it('isolates the page from Node and Electron', () => {
    expect(web.contextIsolation).toBe(true)
    expect(web.sandbox).toBe(true)
    expect(web.nodeIntegration).toBe(false)
    expect(web.nodeIntegrationInWorker).toBe(false)
    expect(web.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps the web security rules on and embedded content off', () => {
    expect(web.webSecurity).toBe(true)
    expect(web.allowRunningInsecureContent).toBe(false)
    expect(web.webviewTag).toBe(false)
    expect(web.experimentalFeatures).toBe(false)
    expect(web.navigateOnDragDrop).toBe(false)
  })

  it('loads only our preload, sends no typed words to a spellchecker, and hides devtools in builds', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs')
    expect(web.spellcheck).toBe(false)
    expect(web.devTools).toBe(false)
    expect(buildWindowOptions({ preloadPath: '/p.cjs', devTools: true }).webPreferences?.devTools).toBe(true)
  })

  it('opens hidden until painted, at a usable size', () => {
    expect(options.show).toBe(false)
    expect(options.minWidth).toBeGreaterThanOrEqual(720)
  })
})
