// One estimator for the UI and the CLI (src/shared/passphrase-strength.ts).
export { passphraseStrength, STRENGTH_LABELS, type PassphraseStrength } from '../../shared/passphrase-strength.js'
