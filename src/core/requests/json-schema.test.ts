import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { REQUEST_SCHEMA_PATH, requestJsonSchemaText } from './json-schema.js'

describe('the published request JSON Schema', () => {
  it('is current with the schema MeVault validates with (regenerate: npx tsx src/core/requests/write-json-schema.ts)', () => {
    expect(readFileSync(REQUEST_SCHEMA_PATH, 'utf8')).toBe(requestJsonSchemaText())
  })

  it('spells out the members, the patterns and the closed shape', () => {
    const schema = JSON.parse(requestJsonSchemaText())
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.required).toEqual(['type', 'id', 'requester', 'nonce', 'purpose', 'fields', 'retention', 'expiresAt'])
    expect(schema.additionalProperties).toBe(false)
    expect(schema.properties.type.const).toBe('mevault.request/1')
    expect(schema.properties.fields.items.properties.path.pattern).toContain('A-Za-z0-9')
    expect(schema.properties.requester.properties.id.pattern).toBe('^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$')
  })
})
