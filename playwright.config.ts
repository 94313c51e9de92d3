import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests: the built renderer (out/renderer, from `npm run build`) in Debian's Chromium,
 * through `mevault serve`; Electron specs run where an Electron binary exists.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  // Creating or unlocking a vault starts a fresh engine (a worker that loads SQLite, Automerge and
  // libsodium) before Argon2id runs: on a loaded machine that alone can pass the default 5 s.
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  }
})
