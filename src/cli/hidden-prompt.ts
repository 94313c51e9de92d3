/**
 * Asks for a secret or a personal value at the terminal, masked. The prompt is drawn on stderr,
 * so that `mevault get X > file` or `--json > file` gets only the answer, never the prompt.
 * The prompt library is loaded only when asked, so commands that never prompt start without it.
 */
export async function hiddenPrompt(message: string): Promise<string> {
  const { default: password } = await import('@inquirer/password')
  return password({ message, mask: true }, { output: process.stderr })
}
