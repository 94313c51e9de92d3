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
