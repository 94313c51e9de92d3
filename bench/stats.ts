/** Small helpers shared by the benchmark files: timing, medians and the printed table. */
import { execFile } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/** One printed figure. Lower is better for every figure we report; `target` is the most we accept. */
export interface Figure {
  name: string
  value: number
  unit: string
  target?: number
  note?: string
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Milliseconds taken by one call. */
export async function timeMs(run: () => unknown): Promise<number> {
  const start = performance.now()
  await run()
  return performance.now() - start
}

/** Median milliseconds over `runs` calls, after `warmups` untimed ones (JIT, caches, page cache). */
export async function medianMs(run: () => unknown, runs: number, warmups = 2): Promise<number> {
  for (let i = 0; i < warmups; i++) await run()
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push(await timeMs(run))
  return median(times)
}

const round = (value: number): string =>
  Number.isNaN(value) ? 'n/a' : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)

/** The table `npm run bench` prints: figure, median, target, ratio to target, pass/miss, note. */
export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => {
    const ratio = f.target === undefined ? undefined : f.value / f.target
    return [
      f.name,
      `${round(f.value)} ${f.unit}`,
      f.target === undefined ? '' : `${round(f.target)} ${f.unit}`,
      ratio === undefined ? '' : ratio.toFixed(2),
      ratio === undefined ? '' : ratio <= 1 ? 'pass' : 'MISS',
      f.note ?? ''
    ]
  })
  const header = ['figure', 'median', 'target', 'ratio', 'result', 'note']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 1 || i === 2 || i === 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

/**
 * Runs a bench module again in a fresh Node process (with tsx) and returns the JSON it prints as its
 * last line. Used where a figure must not depend on what the parent process did before.
 */
export async function runChild<T>(moduleUrl: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(moduleUrl), ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024
  })
  const last = stdout.trim().split('\n').at(-1) ?? ''
  return JSON.parse(last) as T
}
