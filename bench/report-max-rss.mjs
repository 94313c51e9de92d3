// Preloaded into a measured process (NODE_OPTIONS=--import=…) by bench/processes.ts: as the process
// exits, writes its peak resident set size in KiB (getrusage's maxrss) to MEVAULT_BENCH_MAX_RSS_FILE.
import { writeFileSync } from 'node:fs'

const file = process.env.MEVAULT_BENCH_MAX_RSS_FILE
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)))
