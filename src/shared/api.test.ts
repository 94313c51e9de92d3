import { describe, expect, it } from 'vitest'
import { MeVaultError } from './errors.js'
import {
  fromWireError,
  invokeMethod,
  isMethodName,
  METHOD_NAMES,
  methodInputSchemas,
  parseMethodInput,
  toWireError,
  type MeVaultApi
} from './api.js'

const badInputMessage = (method: Parameters<typeof parseMethodInput>[0], raw: unknown): string => {
  try {
    parseMethodInput(method, raw)
  } catch (error) {
    expect(error).toBeInstanceOf(MeVaultError)
    expect((error as MeVaultError).code).toBe('BAD_INPUT')
    return (error as Error).message
  }
  throw new Error('expected BAD_INPUT')
}

describe('the API contract', () => {
  it('lists every method once, each with a schema', () => {
    expect(METHOD_NAMES).toEqual(Object.keys(methodInputSchemas))
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length)
    expect(isMethodName('fields.set')).toBe(true)
    expect(isMethodName('toString')).toBe(false)
    expect(isMethodName('constructor')).toBe(false)
  })

  it('accepts well-formed input, tier and type optional on set', () => {
    expect(parseMethodInput('fields.set', { path: 'contact.email', value: 'a@b.c' })).toEqual({
      path: 'contact.email',
      value: 'a@b.c'
    })
    expect(parseMethodInput('fields.set', { path: 'identity.first-name', value: 'Zoë', tier: 'public', type: 'text' }).tier).toBe(
      'public'
    )
    expect(parseMethodInput('vault.state', undefined)).toBeUndefined()
    expect(parseMethodInput('fields.restore', { path: 'a.b', version: 1 }).version).toBe(1)
  })

  it('says precisely what is wrong, naming the method and the key', () => {
    expect(badInputMessage('fields.set', { path: 'email', value: 'x' })).toBe(
      'fields.set: path: path must be RECORD.FIELD, e.g. "contact.email" (letters, digits, "-" and "_", up to 64 each)'
    )
    expect(badInputMessage('fields.setTier', { path: 'a.b', tier: 'secret' })).toBe(
      'fields.setTier: tier: tier must be one of private, restricted, public'
    )
    expect(badInputMessage('fields.restore', { path: 'a.b', version: 1.5 })).toContain('version must be a whole number')
    expect(badInputMessage('fields.restore', { path: 'a.b', version: 0 })).toContain('versions count from 1')
    expect(badInputMessage('vault.create', { passphrase: 'short' })).toContain('at least 8 characters')
    expect(badInputMessage('vault.lock', { now: true })).toBe('vault.lock: this method takes no input')
    expect(badInputMessage('fields.get', { path: 'a.b', admin: true })).toBe('fields.get: unknown key(s) admin')
    expect(badInputMessage('fields.search', null)).toContain('fields.search:')
  })

  it('checks the inputs of the requests, ledger, policy and passphrase methods', () => {
    expect(badInputMessage('requests.preview', { text: '' })).toBe('requests.preview: text: the request file is empty')
    expect(badInputMessage('requests.preview', { text: 'x'.repeat(262_145) })).toContain('at most 262144 characters')
    expect(badInputMessage('requests.answer', { text: '{}', approve: ['contact.email', 'no-dot'] })).toContain(
      'approve.1: each approved line must be a claim name (e.g. birthdate) or a RECORD.FIELD path'
    )
    expect(parseMethodInput('requests.answer', { text: '{}', approve: [] }).approve).toEqual([])
    expect(badInputMessage('policy.applyPreset', { preset: 'share-everything' })).toBe(
      'policy.applyPreset: preset: preset must be one of ask-first, share-public, share-nothing, ask-me'
    )
    expect(badInputMessage('vault.changePassphrase', { current: 'old one', next: 'short' })).toContain('at least 8 characters')
    expect(badInputMessage('ledger.withdraw', { receiptId: '' })).toContain('receiptId is empty')
  })

  it('bounds the window a page of fields asks for', () => {
    expect(parseMethodInput('fields.page', { offset: 0, limit: 100 })).toEqual({ offset: 0, limit: 100 })
    expect(parseMethodInput('fields.page', { query: '', tier: 'public', offset: 9_900, limit: 500 }).tier).toBe('public')
    expect(badInputMessage('fields.page', { offset: -1, limit: 10 })).toBe('fields.page: offset: offset counts from 0')
    expect(badInputMessage('fields.page', { offset: 0, limit: 0 })).toBe('fields.page: limit: limit must be at least 1')
    expect(badInputMessage('fields.page', { offset: 0, limit: 501 })).toBe('fields.page: limit: limit must be at most 500')
    expect(badInputMessage('fields.page', { offset: 0.5, limit: 10 })).toContain('offset must be a whole number')
    expect(badInputMessage('fields.page', { offset: 0 })).toContain('limit')
    expect(badInputMessage('fields.page', { query: 'x'.repeat(257), offset: 0, limit: 10 })).toContain('at most 256 characters')
    expect(badInputMessage('fields.page', { offset: 0, limit: 10, all: true })).toBe('fields.page: unknown key(s) all')
  })

  it('never repeats the rejected value in the message', () => {
    const message = badInputMessage('fields.set', { path: 'a.b', value: 'x'.repeat(70_000) + 'SECRET' })
    expect(message).not.toContain('SECRET')
    expect(badInputMessage('fields.get', { path: 'identité.prénom' })).toContain('path must be RECORD.FIELD')
    expect(badInputMessage('fields.get', { path: '-x.y' })).toContain('path must be RECORD.FIELD')
    const pathMessage = badInputMessage('fields.get', { path: 'my secret diagnosis' })
    expect(pathMessage).not.toContain('diagnosis')
  })

  it('carries MeVaultError codes across the boundary and back', () => {
    const wire = toWireError(new MeVaultError('WRONG_CREDENTIALS', 'The passphrase does not open this vault'))
    expect(wire).toEqual({ code: 'WRONG_CREDENTIALS', message: 'The passphrase does not open this vault' })
    const back = fromWireError(structuredClone(wire))
    expect(back).toBeInstanceOf(MeVaultError)
    expect((back as MeVaultError).code).toBe('WRONG_CREDENTIALS')
  })

  it('hides the message of an unexpected fault and re-throws transport refusals as plain errors', () => {
    const wire = toWireError(new TypeError('value "ada@example.org" is not iterable'))
    expect(wire.code).toBe('INTERNAL')
    expect(wire.message).not.toContain('ada@example.org')
    const refused = fromWireError({ code: 'FORBIDDEN', message: 'Refused' })
    expect(refused).not.toBeInstanceOf(MeVaultError)
    expect(refused.message).toBe('Refused')
  })

  it('invokes the method with validated input and keeps `this` for class-based services', async () => {
    class Service {
      private readonly prefix = 'found:'
      async 'fields.search'(input: { text: string }) {
        return [this.prefix + input.text]
      }
    }
    const api = new Service() as unknown as MeVaultApi
    expect(await invokeMethod(api, 'fields.search', { text: 'ada' })).toEqual({ ok: true, value: ['found:ada'] })
    expect(await invokeMethod(api, 'fields.search', { text: '' })).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'fields.search: text: search text is empty' }
    })
  })
})
