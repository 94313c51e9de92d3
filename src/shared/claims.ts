import type { FieldType, Tier } from './types.js'

/**
 * The vocabulary of personal claims: names a company can ask for without knowing how a person named
 * their fields. It starts from OpenID Connect Core 1.0's standard claims (§5.1), whose names wallets
 * and verifiers already use, plus the few that requests commonly need beyond them, named as the
 * OpenID Connect for Identity Assurance claims and the EU's person identification data name them
 * (nationalities, place_of_birth, birth_family_name). The members of `address` are claims of their
 * own, written `address.street_address`, as a DCQL claims path ["address", "street_address"] reads.
 * OIDC's bookkeeping claims (sub, *_verified, updated_at) are not personal data a person keeps.
 */
export interface ClaimDefinition {
  /** What requests and packets use. */
  name: string
  /** What a person sees: "Date of birth", not `birthdate`. */
  label: string
  type: FieldType
  /** The tier a new field for this claim starts in. */
  tier: Tier
  /** Where a field for this claim goes when the person does not choose: RECORD.FIELD. */
  path: string
  /** Field names (the part after the record) that mean this claim, for offering to tag a field. */
  alsoKnownAs: readonly string[]
  /** Where the name comes from. */
  source: 'oidc' | 'oidc-ida' | 'mevault'
}

const claim = (
  name: string,
  label: string,
  type: FieldType,
  tier: Tier,
  path: string,
  alsoKnownAs: readonly string[] = [],
  source: ClaimDefinition['source'] = 'oidc'
): ClaimDefinition => ({ name, label, type, tier, path, alsoKnownAs, source })

export const CLAIMS: readonly ClaimDefinition[] = [
  claim('name', 'Full name', 'text', 'private', 'identity.full_name', ['full_name', 'fullname', 'display_name']),
  claim('given_name', 'First name', 'text', 'private', 'identity.given_name', ['first_name', 'firstname', 'forename']),
  claim('family_name', 'Last name', 'text', 'private', 'identity.family_name', ['last_name', 'lastname', 'surname']),
  claim('middle_name', 'Middle name', 'text', 'private', 'identity.middle_name', ['middlename']),
  claim('nickname', 'Nickname', 'text', 'private', 'identity.nickname'),
  claim('preferred_username', 'Username', 'text', 'private', 'identity.preferred_username', ['username', 'user_name', 'handle']),
  claim('profile', 'Profile page', 'url', 'private', 'web.profile', ['profile_url']),
  claim('picture', 'Picture', 'url', 'private', 'web.picture', ['photo', 'avatar', 'picture_url']),
  claim('website', 'Website', 'url', 'private', 'web.website', ['homepage', 'web', 'url']),
  claim('email', 'Email', 'email', 'private', 'contact.email', ['email_address', 'mail', 'e_mail']),
  claim('gender', 'Gender', 'text', 'restricted', 'identity.gender', ['sex']),
  claim('birthdate', 'Date of birth', 'date', 'restricted', 'identity.birthdate', ['date_of_birth', 'dob', 'birthday', 'birth_date']),
  claim('zoneinfo', 'Time zone', 'text', 'private', 'preferences.zoneinfo', ['time_zone', 'timezone']),
  claim('locale', 'Language and region', 'text', 'private', 'preferences.locale', ['language']),
  claim('phone_number', 'Phone number', 'phone', 'private', 'contact.phone_number', ['phone', 'mobile', 'telephone', 'tel', 'cell']),
  claim('address.formatted', 'Postal address', 'address', 'restricted', 'address.formatted', ['postal_address', 'full_address']),
  claim('address.street_address', 'Street address', 'text', 'restricted', 'address.street_address', ['street', 'street_address', 'address_line', 'line1']),
  claim('address.locality', 'City', 'text', 'restricted', 'address.locality', ['city', 'town', 'locality']),
  claim('address.region', 'State or region', 'text', 'restricted', 'address.region', ['state', 'region', 'province', 'county']),
  claim('address.postal_code', 'Postal code', 'text', 'restricted', 'address.postal_code', ['zip', 'zip_code', 'zipcode', 'postcode', 'postal_code']),
  claim('address.country', 'Country', 'text', 'restricted', 'address.country', ['country']),
  claim('nationalities', 'Nationality', 'text', 'restricted', 'identity.nationality', ['nationality', 'citizenship'], 'oidc-ida'),
  claim('place_of_birth', 'Place of birth', 'text', 'restricted', 'identity.place_of_birth', ['birthplace', 'birth_place'], 'oidc-ida'),
  claim('birth_family_name', 'Family name at birth', 'text', 'restricted', 'identity.birth_family_name', ['maiden_name', 'birth_name'], 'oidc-ida'),
  claim('salutation', 'Salutation', 'text', 'private', 'identity.salutation', ['honorific'], 'oidc-ida'),
  claim('title', 'Title', 'text', 'private', 'identity.title', ['academic_title'], 'oidc-ida'),
  claim('iban', 'Bank account (IBAN)', 'text', 'restricted', 'finance.iban', ['bank_account', 'account_number'], 'mevault'),
  claim('organization', 'Organisation', 'text', 'private', 'work.organization', ['company', 'employer', 'organisation', 'org'], 'mevault'),
  claim('job_title', 'Job title', 'text', 'private', 'work.job_title', ['position', 'role'], 'mevault')
]

const byName = new Map(CLAIMS.map((definition) => [definition.name, definition]))

export function claimNamed(name: string): ClaimDefinition | undefined {
  return byName.get(name)
}

/**
 * The claim a field's path obviously means (identity.first_name → given_name), to offer to the
 * person for tagging: never applied without them. Matched on the field's name, ignoring case and
 * separators; a field named like a member of the address (city) counts only in an address-like
 * record, so work.city is not offered as the person's city.
 */
export function claimSuggestedFor(path: string): ClaimDefinition | undefined {
  const dot = path.indexOf('.')
  if (dot < 0) return undefined
  const record = normalise(path.slice(0, dot))
  const field = normalise(path.slice(dot + 1))
  for (const definition of CLAIMS) {
    const names = [definition.name.slice(definition.name.lastIndexOf('.') + 1), ...definition.alsoKnownAs].map(normalise)
    if (!names.includes(field)) continue
    if (definition.name.startsWith('address.') && !ADDRESS_RECORDS.has(record)) continue
    if (GENERIC_FIELD_NAMES.has(field) && !PERSON_RECORDS.has(record)) continue
    return definition
  }
  return undefined
}

/** Field names that mean a claim only in a record about the person (a pet's name is not theirs). */
const GENERIC_FIELD_NAMES = new Set(['name', 'title', 'url', 'web', 'role', 'position', 'language', 'handle'])
const PERSON_RECORDS = new Set(['identity', 'person', 'personal', 'me', 'myself', 'self', 'profile', 'about', 'web', 'work', 'contact'])
const ADDRESS_RECORDS = new Set(['address', 'home', 'homeaddress', 'postal', 'postaladdress', 'residence', 'contact'])

const normalise = (name: string): string => name.toLowerCase().replace(/[\s_\-.]/g, '')
