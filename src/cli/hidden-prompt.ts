import password from '@inquirer/password'

/**
 * Asks for a secret or a personal value at the terminal, masked. The prompt is drawn on stderr,
 * so that `mevault get X > file` or `--json > file` gets only the answer, never the prompt.
 */
export function hiddenPrompt(message: string): Promise<string> {
  return password({ message, mask: true }, { output: process.stderr })
}
