/**
 * Asks for one line at the terminal, shown as it is typed (a name, not a secret). The prompt is
 * drawn on stderr, so that stdout keeps only the command's answer.
 */
export async function linePrompt(message: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises')
  const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
  try {
    return await lines.question(`${message}: `)
  } finally {
    lines.close()
  }
}
