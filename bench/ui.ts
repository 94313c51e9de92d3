/**
 * The UI at 10k fields (100 records of 100 fields), in the page's own clock: the real `mevault serve`
 * (built renderer, loopback HTTP) in Debian's Chromium, driven by Playwright.
 * - keystroke in search to list updated: from the keydown's timestamp to the DOM mutation that shows
 *   the engine's new matches (their count and first row), for keystrokes of several kinds;
 * - Unlock to first rows shown: from the click to the first field row in the DOM (KDF included).
 * The vault is built through the core API first, one `set` at a time, as bench/vault.ts does.
 * Run alone with `npx tsx bench/ui.ts`, or through `npm run bench`; needs /usr/bin/chromium and
 * `npm run build`, and says so and skips without them.
 */
import { chromium, type Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { MeVaultApi } from '../src/shared/api.js'
import { fillVault, type SeedField } from '../e2e/support/filled-vault.js'
import { RENDERER_DIR, startMeVaultServe } from '../e2e/support/serve.js'
import { formatTable, median, type Figure } from './stats.js'

const CHROMIUM = '/usr/bin/chromium'
const PASSPHRASE = 'correct horse battery staple'
const RECORDS = 100
const FIELDS_PER_RECORD = 100
const UNLOCK_RUNS = 3
const LABEL = 'UI 10k fields'
/** Each kind of keystroke is timed this many times (with other numbers where the kind allows). */
const REPEATS = 6

const recordName = (r: number): string => `record${String(r).padStart(3, '0')}`
const fieldName = (f: number): string => `field${String(f).padStart(3, '0')}`

/** Values as bench/vault.ts makes them: one in 100 names Zanzibar, the others a street number. */
export function* seed(): Generator<SeedField> {
  for (let r = 0; r < RECORDS; r++) {
    for (let f = 0; f < FIELDS_PER_RECORD; f++) {
      const n = r * FIELDS_PER_RECORD + f
      const place = n % 100 === 0 ? 'Zanzibar' : `Rue des Lilas ${n % 97}`
      const value = `Entry ${n} (edit 0): ${place}, 750${String(n % 20).padStart(2, '0')} Paris`
      yield { path: `${recordName(r)}.${fieldName(f)}`, value, tier: f % 3 === 0 ? 'public' : 'private' }
    }
  }
}

/** One timed keystroke: the search box holds `before`, then `key` is pressed. */
interface Keystroke {
  kind: string
  before: string
  key: string
}

/** What the list shows once it answers a search: the engine's count and first match. */
export interface Shown {
  total: number
  first: string
}

function keystrokes(): Keystroke[] {
  const strokes: Keystroke[] = []
  for (let i = 0; i < REPEATS; i++) {
    const n = 1000 + ((i * 7919) % 9000)
    const digits = String(n)
    strokes.push(
      // The first letter of a search: 10,000 rows down to 100.
      { kind: 'first letter', before: '', key: 'z' },
      // Broad: thousands of matches down to hundreds.
      { kind: 'broad', before: 'lilas ', key: i % 2 ? '9' : '1' },
      { kind: 'narrowing', before: `lilas ${1 + (i % 8)}`, key: String(i % 10) },
      // Narrow: tens of matches down to one, and back.
      { kind: 'narrow', before: `entry ${digits.slice(0, 3)}`, key: digits[3]! },
      { kind: 'backspace', before: `entry ${digits}`, key: 'Backspace' }
    )
  }
  return strokes
}

const typed = (stroke: Keystroke): string => (stroke.key === 'Backspace' ? stroke.before.slice(0, -1) : stroke.before + stroke.key)

/** What the engine answers for each search (read in this process, before `mevault serve` opens the vault). */
export async function expectations(api: MeVaultApi, queries: string[]): Promise<Map<string, Shown>> {
  const shown = new Map<string, Shown>()
  for (const query of new Set(queries)) {
    const page = await api['fields.page']({ query, offset: 0, limit: 1 })
    shown.set(query, { total: page.total, first: page.fields[0]?.path ?? '' })
  }
  return shown
}

/**
 * Resolves once the list shows `expected` (count line and first field row: the list's first item is
 * its record's header, so the first row with a path, in the order the list renders them), checked at
 * each DOM mutation.
 */
async function untilShown(page: Page, expected: Shown): Promise<void> {
  await page.waitForFunction(
    ({ total, first }) =>
      (document.querySelector('.list-count')?.textContent ?? '').startsWith(`${total} of `) &&
      document.querySelector('ul[aria-label="Fields"] [data-path]')?.getAttribute('data-path') === first,
    expected
  )
}

/** One keystroke's times, from its keydown, in the page's clock (ms). */
interface KeystrokeTimes {
  /** The DOM shows the new matches. */
  updatedMs: number
  /** The next animation frame after that (when it can be painted). */
  frameMs: number
  /** The request for the matches leaves the page (input handling, render, effect). */
  requestMs: number
  /** Its reply is in (network and `mevault serve`). */
  replyMs: number
}

/**
 * Arms the page: the next keydown in the search box starts the clock; the DOM mutation after which
 * the list shows `expected` stops it. The last `fields.page` request's resource timing splits it.
 */
async function armKeystroke(page: Page, expected: Shown): Promise<void> {
  // No named functions in here: tsx would wrap them in a helper the page does not have.
  await page.evaluate(({ total, first }) => {
    performance.clearResourceTimings()
    const measured = new Promise<KeystrokeTimes>((resolve) => {
      let pressed: number | null = null
      const input = document.getElementById('search-fields')!
      input.addEventListener('keydown', (event) => (pressed = event.timeStamp), { capture: true, once: true })
      const observer = new MutationObserver(() => {
        const shows =
          (document.querySelector('.list-count')?.textContent ?? '').startsWith(`${total} of `) &&
          document.querySelector('ul[aria-label="Fields"] [data-path]')?.getAttribute('data-path') === first
        if (pressed === null || !shows) return
        const start = pressed
        const updatedMs = performance.now() - start
        observer.disconnect()
        const request = performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.endsWith('/api/fields.page'))
          .at(-1) as PerformanceResourceTiming | undefined
        requestAnimationFrame(() =>
          resolve({
            updatedMs,
            frameMs: performance.now() - start,
            requestMs: (request?.startTime ?? Number.NaN) - start,
            replyMs: (request?.responseEnd ?? Number.NaN) - start
          })
        )
      })
      observer.observe(document.querySelector('.list-pane')!, { subtree: true, childList: true, characterData: true, attributes: true })
    })
    ;(window as unknown as { benchMeasured: typeof measured }).benchMeasured = measured
  }, expected)
}

async function timeKeystroke(page: Page, stroke: Keystroke, shown: Map<string, Shown>): Promise<KeystrokeTimes> {
  const search = page.getByLabel('Search fields')
  await search.fill(stroke.before)
  await untilShown(page, shown.get(stroke.before.trim()) ?? { total: RECORDS * FIELDS_PER_RECORD, first: `${recordName(0)}.${fieldName(0)}` })
  await armKeystroke(page, shown.get(typed(stroke).trim())!)
  await page.keyboard.press(stroke.key)
  return page.evaluate(() => (window as unknown as { benchMeasured: Promise<KeystrokeTimes> }).benchMeasured)
}

/**
 * One call that does next to nothing (`devices.syncStatus`), made as the page makes its calls, timed
 * in the page: what a round trip to `mevault serve` costs here and now, whatever the list does.
 */
async function timeTrivialCall(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const start = performance.now()
    const response = await fetch('api/devices.syncStatus', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: ''
    })
    await response.json()
    return response.ok ? performance.now() - start : Number.NaN
  })
}

/** From the Unlock click to the first field row in the DOM, in the page's clock. */
async function timeUnlock(page: Page): Promise<number> {
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.evaluate(() => {
    const measured = new Promise<number>((resolve) => {
      let clicked: number | null = null
      document.addEventListener('click', (event) => (clicked = event.timeStamp), { capture: true, once: true })
      const observer = new MutationObserver(() => {
        if (clicked === null || !document.querySelector('ul[aria-label="Fields"] [data-path]')) return
        observer.disconnect()
        resolve(performance.now() - clicked)
      })
      observer.observe(document.body, { subtree: true, childList: true })
    })
    ;(window as unknown as { benchUnlocked: typeof measured }).benchUnlocked = measured
  })
  await page.getByRole('button', { name: 'Unlock' }).click()
  return page.evaluate(() => (window as unknown as { benchUnlocked: Promise<number> }).benchUnlocked)
}

function skipped(reason: string): Figure[] {
  return [{ name: `${LABEL}: skipped`, value: Number.NaN, unit: '', note: reason }]
}

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!

/** The searches the keystrokes make, as the engine answers them: what the page must come to show. */
export function searchesToCheck(): string[] {
  return [...new Set(keystrokes().flatMap((s) => [s.before.trim(), typed(s).trim()]))].filter((q) => q !== '')
}

/** Unlock and keystroke figures on the page at `url` (a `mevault serve` of the bench vault, locked). */
export async function measurePage(url: string, shown: Map<string, Shown>): Promise<Figure[]> {
  const strokes = keystrokes()
  for (const stroke of strokes) {
    const [before, after] = [shown.get(stroke.before.trim()), shown.get(typed(stroke).trim())]
    if (before && after && before.total === after.total && before.first === after.first) {
      throw new Error(`"${stroke.before}" and "${typed(stroke)}" show the same list: that keystroke cannot be timed`)
    }
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
  })
  try {
    const page = await browser.newPage()
    await page.goto(url)
    const unlocks: number[] = []
    for (let run = 0; run < UNLOCK_RUNS; run++) {
      if (run > 0) {
        await page.getByRole('button', { name: 'Lock' }).click()
        await page.getByRole('heading', { name: 'Unlock MeVault' }).waitFor()
      }
      unlocks.push(await timeUnlock(page))
    }
    // Two untimed keystrokes first: the page's code paths compiled, the server's warm.
    for (const stroke of strokes.slice(0, 2)) await timeKeystroke(page, stroke, shown)
    const times: Array<KeystrokeTimes & { kind: string }> = []
    const floors: number[] = []
    for (const stroke of strokes) {
      times.push({ kind: stroke.kind, ...(await timeKeystroke(page, stroke, shown)) })
      floors.push(await timeTrivialCall(page))
    }
    const of = (pick: (t: KeystrokeTimes) => number): string => median(times.map(pick)).toFixed(1)
    const updated = times.map((t) => t.updatedMs)
    const byKind = [...new Set(times.map((t) => t.kind))]
      .map((kind) => `${kind} ${median(times.filter((t) => t.kind === kind).map((t) => t.updatedMs)).toFixed(1)}`)
      .join(', ')
    return [
      {
        name: `${LABEL}: keystroke in search to list updated`,
        value: median(updated),
        unit: 'ms',
        target: 30,
        note:
          `page clock, through mevault serve; median of ${times.length}, p90 ${percentile(updated, 0.9).toFixed(1)} ms; ` +
          `request sent at ${of((t) => t.requestMs)}, reply in at ${of((t) => t.replyMs)}, next frame at ${of((t) => t.frameMs)} ms; by kind: ${byKind}`
      },
      {
        name: `${LABEL}: a call that does nothing, page to serve and back`,
        value: median(floors),
        unit: 'ms',
        note: `devices.syncStatus, between the keystrokes: the floor under the figure above on this machine now; median of ${floors.length}`
      },
      {
        name: `${LABEL}: Unlock to first rows shown`,
        value: median(unlocks),
        unit: 'ms',
        note: `page clock, KDF included; median of ${UNLOCK_RUNS} (${unlocks.map((u) => u.toFixed(0)).join(', ')} ms)`
      }
    ]
  } finally {
    await browser.close()
  }
}

export async function benchUi(): Promise<Figure[]> {
  if (!existsSync(CHROMIUM)) return skipped(`${CHROMIUM} is missing (apt-get install -y chromium)`)
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) return skipped('the UI is not built: run `npm run build` first')
  const serve = await startMeVaultServe()
  try {
    const shown = (await fillVault(serve.env, PASSPHRASE, seed(), (api) => expectations(api, searchesToCheck())))!
    return await measurePage(serve.url, shown)
  } finally {
    await serve.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatTable(await benchUi()))
}
