/**
 * axe-core over the page as it is now, the way issue 15 measured it: every WCAG rule axe runs by
 * default, plus label-content-name-mismatch (WCAG 2.5.3, a visible label inside the accessible
 * name), which axe 4.14 keeps among its experimental rules.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'

export interface ScreenFinding {
  screen: string
  rule: string
  impact: string
  help: string
  /** The elements it found, as axe's CSS selectors. */
  targets: string[]
}

/** The impacts a screen may not have (issue 15: "no violations at the serious and critical levels"). */
export const BLOCKING_IMPACTS = new Set(['serious', 'critical'])

export async function axeFindings(page: Page, screen: string): Promise<ScreenFinding[]> {
  const results = await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze()
  return results.violations.flatMap((violation) => {
    const nodes = violation.nodes
    return [
      {
        screen,
        rule: violation.id,
        impact: violation.impact ?? 'unknown',
        help: violation.help,
        targets: nodes.map((node) => node.target.join(' '))
      }
    ]
  })
}

/** One line per finding, for the report and for a failing assertion's message. */
export function describeFindings(findings: ScreenFinding[]): string {
  return findings.map((f) => `${f.screen}: ${f.rule} (${f.impact}) ${f.help} — ${f.targets.join(', ')}`).join('\n')
}
