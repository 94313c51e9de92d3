import { describe, expect, it } from 'vitest'
import { CLAIMS, claimNamed, claimSuggestedFor } from './claims.js'
import { FIELD_TYPES, TIERS } from './types.js'

describe('the claim vocabulary', () => {
  it("holds OpenID Connect's standard personal claims and the address members, each once", () => {
    const oidc = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website']
    const more = ['email', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'address.formatted', 'address.street_address']
    const address = ['address.locality', 'address.region', 'address.postal_code', 'address.country']
    for (const name of [...oidc, ...more, ...address]) expect(claimNamed(name)?.source, name).toBe('oidc')
    expect(new Set(CLAIMS.map((c) => c.name)).size).toBe(CLAIMS.length)
    expect(new Set(CLAIMS.map((c) => c.path)).size).toBe(CLAIMS.length)
    expect(claimNamed('sub')).toBeUndefined() // bookkeeping, not a person's data
  })

  it('gives every claim a readable label, a field type, a tier and a vault path', () => {
    for (const c of CLAIMS) {
      expect(c.label, c.name).toMatch(/^[A-Z][a-z]/)
      expect(c.label).not.toContain('_')
      expect(FIELD_TYPES).toContain(c.type)
      expect(TIERS).toContain(c.tier)
      expect(c.path).toMatch(/^[a-z_]+\.[a-z_]+$/)
    }
    expect(claimNamed('birthdate')).toMatchObject({ label: 'Date of birth', type: 'date', tier: 'restricted' })
    expect(claimNamed('email')).toMatchObject({ type: 'email' })
    expect(claimNamed('phone_number')).toMatchObject({ type: 'phone' })
  })

  it('offers the claim a field obviously means, by its name', () => {
    const offered = (path: string): string | undefined => claimSuggestedFor(path)?.name
    expect(offered('identity.first_name')).toBe('given_name')
    expect(offered('identity.Last-Name')).toBe('family_name')
    expect(offered('personal.dob')).toBe('birthdate')
    expect(offered('contact.mobile')).toBe('phone_number')
    expect(offered('me.email')).toBe('email')
    expect(offered('home.zip')).toBe('address.postal_code')
    expect(offered('address.city')).toBe('address.locality')
    expect(offered('identity.name')).toBe('name')
    expect(offered('finance.iban')).toBe('iban')
  })

  it('offers nothing where the name says nothing certain about the person', () => {
    expect(claimSuggestedFor('pet.name')).toBeUndefined()
    expect(claimSuggestedFor('trip.city')).toBeUndefined() // a city, not where the person lives
    expect(claimSuggestedFor('notes.wifi_password')).toBeUndefined()
    expect(claimSuggestedFor('nodot')).toBeUndefined()
  })
})
