/**
 * Calls `onGone` once when the process that started this one has exited.
 *
 * `npx mevault serve` runs as npm → sh → node. Signalling npm ends npm and sh but not node, which
 * would keep serving the vault on its port with nobody left to stop it. When a parent exits, the
 * kernel hands its children to init (or a subreaper), so a changed `process.ppid` means the parent
 * is gone. Checked once a second (one getppid call); unref'd, so the watch never keeps the process
 * alive by itself. On Windows a child's ppid does not change when its parent exits: no effect there.
 */
export function watchParent(onGone: () => void, intervalMs = 1000): () => void {
  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(timer)
    onGone()
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}

/**
 * Keeps a server command running until Ctrl+C, SIGTERM or the end of the command that started it,
 * then runs `close` once and resolves. An orphaned server would hold its port with nobody to stop it.
 */
export function untilStopped(close: () => Promise<unknown>): Promise<void> {
  return new Promise<void>((done) => {
    const stopWatchingParent = watchParent(stop)
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    function stop(): void {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      stopWatchingParent()
      void close().finally(done)
    }
  })
}
