import { hiddenPrompt } from './hidden-prompt.js'
import { note } from './output.js'
import { shown } from './terminal-text.js'

/**
 * Where `set` takes the value from. A value typed as an argument lands in the shell's history, in
 * `ps` and, through npx, in npm's debug logs; a hidden prompt or stdin leaves no copy behind.
 */
export type ValueSource = 'argument' | 'prompt' | 'stdin'

export function valueSource(argument: string | undefined, stdinIsTerminal: boolean): ValueSource {
  if (argument !== undefined) return 'argument'
  return stdinIsTerminal ? 'prompt' : 'stdin'
}

/** The value for `path`: the argument (still accepted, with a warning for a person at a terminal), a hidden prompt, or stdin. */
export async function readFieldValue(path: string, argument: string | undefined): Promise<string> {
  const stdinIsTerminal = Boolean(process.stdin.isTTY)
  switch (valueSource(argument, stdinIsTerminal)) {
    case 'argument':
      if (stdinIsTerminal) {
        note('mevault: warning: a value given on the command line stays in your shell history and shows in `ps`; leave it out next time and type it at the prompt')
      }
      return argument!
    case 'prompt':
      return hiddenPrompt(shown`Value for ${path}`)
    case 'stdin':
      return readStdin()
  }
}

/** All of stdin, without the one line break that ends a piped or redirected line. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}
