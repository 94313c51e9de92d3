import { describe, expect, it } from 'vitest'
import { vaultLocation } from './vault-location.js'

describe('the desktop app vault location', () => {
  it('lives in the app user-data folder, with the key file outside the vault folder', () => {
    const location = vaultLocation({}, '/home/ada/.config/MeVault')
    expect(location.vaultDir).toBe('/home/ada/.config/MeVault/vault')
    expect(location.keyFileFor('abc')).toBe('/home/ada/.config/MeVault/keys/abc.json')
  })

  it('follows MEVAULT_HOME and MEVAULT_KEY_FILE, as the CLI does', () => {
    const location = vaultLocation({ MEVAULT_HOME: '/tmp/v', MEVAULT_KEY_FILE: '/tmp/k' }, '/ignored')
    expect(location.vaultDir).toBe('/tmp/v')
    expect(location.keyFileFor('abc')).toBe('/tmp/k')
  })
})
