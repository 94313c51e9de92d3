import { afterEach, describe, expect, it } from 'vitest'
import { SECRET_VARIABLES, secretFromEnvironment, takeSecretsFromEnvironment } from './secrets-from-env.js'

afterEach(() => {
  for (const name of SECRET_VARIABLES) delete process.env[name]
  takeSecretsFromEnvironment()
})

describe('secrets handed over in the environment', () => {
  it('leave process.env as the CLI starts, so nothing it runs or starts can read them there', () => {
    process.env.MEVAULT_PASSPHRASE = 'correct horse battery staple'
    process.env.MEVAULT_NEW_PASSPHRASE = 'an entirely new passphrase'
    process.env.MEVAULT_SECRET_KEY = 'MV1-AAAA'
    process.env.MEVAULT_HOME = '/not/a/secret'
    takeSecretsFromEnvironment()
    for (const name of SECRET_VARIABLES) expect(process.env[name]).toBeUndefined()
    expect(process.env.MEVAULT_HOME).toBe('/not/a/secret')
    delete process.env.MEVAULT_HOME

    expect(secretFromEnvironment('MEVAULT_PASSPHRASE')).toBe('correct horse battery staple')
    expect(secretFromEnvironment('MEVAULT_NEW_PASSPHRASE')).toBe('an entirely new passphrase')
    expect(secretFromEnvironment('MEVAULT_SECRET_KEY')).toBe('MV1-AAAA')
    // Handed out once: the process keeps no copy for later.
    expect(secretFromEnvironment('MEVAULT_PASSPHRASE')).toBeUndefined()
  })

  it('are taken from process.env on first read even if nothing took them before', () => {
    process.env.MEVAULT_PASSPHRASE = 'read directly'
    expect(secretFromEnvironment('MEVAULT_PASSPHRASE')).toBe('read directly')
    expect(process.env.MEVAULT_PASSPHRASE).toBeUndefined()
  })
})
