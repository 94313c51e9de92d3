import { test as base, type Page, type TestInfo } from '@playwright/test'
import { startMeVaultServe, type ServeHandle } from './serve.js'

/** Keeps a full-page screenshot of the current screen as a test artifact. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' })
}

/** Collects every Content-Security-Policy violation the page reports: the UI must cause none. */
export function watchCspViolations(page: Page): string[] {
  const violations: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text())
  })
  return violations
}

export const test = base.extend<{ serve: ServeHandle }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  serve: async ({}, use) => {
    const serve = await startMeVaultServe()
    await use(serve)
    await serve.close()
  }
})

export { expect } from '@playwright/test'
