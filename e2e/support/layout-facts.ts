/**
 * What a person notices about a layout, measured in the page: the page never scrolls sideways, a pane
 * is inside the window and not cut off, a value in a list shows enough of itself to be read.
 */
import { expect, type Locator, type Page } from '@playwright/test'

/** The page is never wider than the window: no horizontal scroll bar on the page itself. */
export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth
  }))
  expect.soft(scrollWidth, `${screen}: the page is ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth)
}

/** The pane lies inside the window, and its content is not wider than the pane (nothing cut off at its right). */
export async function expectPaneInWindow(page: Page, pane: Locator, screen: string): Promise<void> {
  const window = page.viewportSize()!
  const box = await pane.boundingBox()
  expect(box, `${screen}: the pane is not shown`).not.toBeNull()
  expect.soft(box!.x, `${screen}: the pane starts left of the window`).toBeGreaterThanOrEqual(0)
  expect.soft(box!.x + box!.width, `${screen}: the pane ends at ${Math.round(box!.x + box!.width)} px in a ${window.width} px window`).toBeLessThanOrEqual(
    window.width + 0.5
  )
  const { scrollWidth, clientWidth } = await pane.evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth }))
  expect.soft(scrollWidth, `${screen}: the pane's content is ${scrollWidth} px wide in a ${clientWidth} px pane`).toBeLessThanOrEqual(clientWidth)
}

/**
 * How many characters of a one-line text a person can see: the part of the text inside every box that
 * clips it (and inside the window), over the width of one of its characters on average.
 */
export async function visibleCharacters(text: Locator): Promise<number> {
  return text.evaluate((element) => {
    const range = document.createRange()
    range.selectNodeContents(element)
    const laidOut = range.getBoundingClientRect()
    const full = Math.max(laidOut.width, element.scrollWidth)
    let left = laidOut.left
    let right = laidOut.left + full
    for (let box: Element | null = element; box; box = box.parentElement) {
      if (getComputedStyle(box).overflowX === 'visible') continue
      const clip = box.getBoundingClientRect()
      left = Math.max(left, clip.left)
      right = Math.min(right, clip.right)
    }
    right = Math.min(right, window.innerWidth)
    const length = (element.textContent ?? '').length
    return full === 0 ? 0 : Math.floor((Math.max(0, right - left) / full) * length + 0.01)
  })
}

/** The least room between a form's box and a button beside or under it, in CSS pixels. */
export const FORM_GAP_PX = 8

/**
 * No button is stuck to a box (input, select, textarea) on the page: beside it or under it there is
 * at least FORM_GAP_PX between them, and a button beside its box in the same row has the box's height
 * (same top and bottom, so their texts share a baseline). Returns what is wrong, one line each.
 */
export async function buttonsStuckToBoxes(page: Page): Promise<string[]> {
  return page.evaluate((gap) => {
    const shown = (element: Element) => element.checkVisibility({ visibilityProperty: true }) && element.getBoundingClientRect().width > 0
    const boxes = [...document.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=file]), select, textarea')].filter(shown)
    const buttons = [...document.querySelectorAll('button, .button')].filter(shown)
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.id ?? '') || (element.textContent ?? '').trim().slice(0, 40)}"`
    const wrong: string[] = []
    for (const button of buttons) {
      const b = button.getBoundingClientRect()
      for (const box of boxes) {
        const i = box.getBoundingClientRect()
        const sideBySide = Math.min(b.bottom, i.bottom) - Math.max(b.top, i.top) > Math.min(b.height, i.height) / 2
        const stacked = Math.min(b.right, i.right) - Math.max(b.left, i.left) > 0
        const across = Math.max(b.left - i.right, i.left - b.right)
        const down = Math.max(b.top - i.bottom, i.top - b.bottom)
        if (sideBySide && across >= 0 && across < gap) wrong.push(`${name(button)} is ${Math.round(across)} px beside ${name(box)}`)
        if (!sideBySide && stacked && down >= 0 && down < gap) wrong.push(`${name(button)} is ${Math.round(down)} px from ${name(box)}, above or under it`)
        const sameRow = button.parentElement?.contains(box) ?? false
        if (sideBySide && sameRow && across >= 0 && (Math.abs(b.top - i.top) > 1 || Math.abs(b.bottom - i.bottom) > 1)) {
          wrong.push(`${name(button)} is not as tall as ${name(box)} beside it (top ${Math.round(b.top - i.top)} px, bottom ${Math.round(b.bottom - i.bottom)} px)`)
        }
      }
    }
    return wrong
  }, FORM_GAP_PX)
}
