/**
 * What the screen walk (e2e/screens.spec.ts) does on every screen it reaches: a screenshot in the
 * report, the layout facts a person notices, and axe-core. One pass per screen, so one vault per size
 * and theme serves both the accessibility and the layout checks (issue 15, "Done means").
 */
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test'
import { axeFindings, BLOCKING_IMPACTS, describeFindings, type ScreenFinding } from './axe.js'
import { keepScreenshot } from './fixtures.js'
import { buttonsStuckToBoxes, expectNoSidewaysScroll, expectPaneInWindow } from './layout-facts.js'

export interface ScreenCheck {
  /**
   * Screenshot first (so the report shows the screen a failed fact was measured on), then the layout
   * facts (soft: every screen is still walked), then axe, whose findings are kept for `finish`.
   * `pane`: the details or consent pane that must be inside the window.
   */
  (screen: string, pane?: Locator): Promise<void>
  /** The rest of a pane that scrolls, one screenful at a time after the first (at most 8), each without sideways scroll. */
  scrolled(screen: string, scroller: Locator): Promise<void>
  /** Attaches every axe finding (issue 15 asks for the minor ones listed) and fails on a serious or critical one. */
  finish(): Promise<void>
}

export function screenCheck(page: Page, testInfo: TestInfo, prefix: string): ScreenCheck {
  const findings: ScreenFinding[] = []
  const check = async (screen: string, pane?: Locator) => {
    await keepScreenshot(page, testInfo, `${prefix}-${screen}`)
    await expectNoSidewaysScroll(page, screen)
    if (pane) await expectPaneInWindow(page, pane, screen)
    // Finding 10: every form keeps its buttons clear of its boxes (one form-row gap, in styles.css).
    expect.soft(await buttonsStuckToBoxes(page), `${screen}: buttons stuck to their boxes`).toEqual([])
    findings.push(...(await axeFindings(page, screen)))
  }
  check.scrolled = async (screen: string, scroller: Locator) => {
    for (let part = 2; part <= 9; part++) {
      const moved = await scroller.evaluate((element) => {
        const before = element.scrollTop
        element.scrollTop = before + element.clientHeight * 0.9
        return element.scrollTop > before
      })
      if (!moved) break
      await keepScreenshot(page, testInfo, `${prefix}-${screen}-part-${part}`)
      await expectNoSidewaysScroll(page, `${screen} part ${part}`)
    }
    await scroller.evaluate((element) => (element.scrollTop = 0))
  }
  check.finish = async () => {
    const text = `${findings.length === 0 ? 'axe-core 4.14.1: no violations on any screen.' : describeFindings(findings)}\n`
    await testInfo.attach(`axe-findings-${prefix}.txt`, { body: text, contentType: 'text/plain' })
    const blocking = findings.filter((f) => BLOCKING_IMPACTS.has(f.impact))
    expect(blocking, describeFindings(blocking)).toEqual([])
  }
  return check
}
