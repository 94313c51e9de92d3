import type { RecoveryKit } from '../../shared/types.js'

/** The recovery kit as plain text (`mevault init --kit FILE.txt`), for a terminal or a text printer. */
export function recoveryKitText(kit: RecoveryKit, vaultFolder: string): string {
  return [
    'MeVault recovery kit',
    '====================',
    'Print this page and keep it somewhere safe. With your passphrase, the secret key below',
    'unlocks your vault on a new machine. Anyone holding both can read your vault.',
    '',
    `Vault id:    ${kit.vaultId}`,
    `Identity:    ${kit.did}`,
    `Secret key:  ${kit.secretKey}`,
    `Created:     ${kit.createdAt}`,
    `Vault folder (this machine): ${vaultFolder}`,
    '',
    'Passphrase:  ______________________________ (write it here only if this page stays locked away)',
    ''
  ].join('\n')
}

/** Which form a kit file takes: text when its name ends in .txt, else the PDF. */
export function kitFormatFor(file: string): 'text' | 'pdf' {
  return file.toLowerCase().endsWith('.txt') ? 'text' : 'pdf'
}
