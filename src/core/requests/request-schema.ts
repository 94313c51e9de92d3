import { z } from 'zod'
import { isLoopbackUrl } from '../net/loopback.js'
import { publicKeyFromDidKey } from '../crypto/did-key.js'
import { DURATION_PATTERN, parseDuration } from './duration.js'

/** The one request format version this code reads. */
export const REQUEST_TYPE = 'mevault.request/1'

/** A request bigger than this is refused before it is parsed (a real one is a few KiB). */
export const MAX_REQUEST_BYTES = 256 * 1024
export const MAX_REQUESTED_FIELDS = 200

/** Same rule as the vault's field paths (src/core/vault/field-path.ts): RECORD.FIELD. */
export const FIELD_PATH_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/
/** An Ed25519 did:key: "did:key:z6Mk" and 44 more base58btc characters. */
export const DID_KEY_PATTERN = /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/
/** 32 bytes in canonical unpadded base64url (the last character carries 2 zero bits). */
export const KEY32_BASE64URL_PATTERN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/
/** Text shown to the person: no control characters (terminal escapes) and no bidi overrides. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const DISPLAY_TEXT = /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/
/** Like DISPLAY_TEXT but line breaks are allowed. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const DISPLAY_PARAGRAPH = /^[^\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/

const shownText = (max: number, allowed: RegExp) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(allowed, 'must not hold control or direction-override characters')

const displayText = (max: number) => shownText(max, DISPLAY_TEXT)
const displayParagraph = (max: number) => shownText(max, DISPLAY_PARAGRAPH)

export const didKeySchema = z
  .string()
  .regex(DID_KEY_PATTERN, 'must be an Ed25519 did:key ("did:key:z6Mk…")')
  .refine(isDecodableDidKey, 'is not a valid Ed25519 did:key')
  .meta({ description: 'An Ed25519 did:key identifier.' })

export const fieldPathSchema = z
  .string()
  .regex(FIELD_PATH_PATTERN, 'must be RECORD.FIELD with letters, digits, "-" and "_" (e.g. contact.email)')

export const retentionSchema = z
  .string()
  .regex(DURATION_PATTERN, 'must be an ISO 8601 duration with whole numbers (e.g. "P30D", "P1Y")')
  .superRefine((value, ctx) => {
    // The pattern cannot say "not zero" or "at most 100 years"; parseDuration does.
    if (!DURATION_PATTERN.test(value)) return
    try {
      parseDuration(value)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message })
    }
  })
  .meta({ description: 'How long the requester may keep the data: an ISO 8601 duration.' })

export const compensationSchema = z
  .strictObject({
    amount: z.number().min(0, 'must not be negative').max(1e12, 'is implausibly large'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"')
  })
  .meta({ description: 'What the requester offers in return.' })

/**
 * A claim of the shared vocabulary (src/shared/claims.ts): `birthdate`, or a member such as
 * `address.locality`. Any well-formed name is accepted, so a request naming a claim a newer
 * catalogue adds stays readable; a claim no field carries is shown as missing.
 */
export const CLAIM_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}(\.[a-z][a-z0-9_]{0,63})?$/

export const claimNameSchema = z
  .string()
  .regex(CLAIM_NAME_PATTERN, 'must be a claim name such as "birthdate" or "address.locality" (lowercase letters, digits, "_")')
  .meta({ description: 'A claim of the shared vocabulary (OpenID Connect standard claims and a few more).' })

export const requestedFieldSchema = z
  .strictObject({
    path: fieldPathSchema.optional().meta({ description: 'A vault path (RECORD.FIELD). Give either path or claim.' }),
    claim: claimNameSchema.optional(),
    purpose: displayParagraph(500).meta({ description: 'Why this field is wanted.' }),
    required: z.boolean().meta({ description: 'Whether the requester needs this field to proceed.' })
  })
  .superRefine((field, ctx) => {
    if ((field.path === undefined) === (field.claim === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'must name either a "claim" or a "path", not both or neither' })
    }
  })

/**
 * What a requested field is called in the request, the consent screen's lines and the packet's
 * `claims`: its claim name, or its vault path for a request that asks by path.
 */
export function requestedKey(field: { path?: string; claim?: string }): string {
  return field.claim ?? field.path ?? ''
}

/**
 * What happens to the data beyond the request's purpose, in the requester's words, bound into the
 * packet like retention and price.
 */
export const DECLARED_USES = ['requester-only', 'named-third-parties', 'aggregate-only', 'sold-individually'] as const
export type DeclaredUseKind = (typeof DECLARED_USES)[number]

export const declaredUseSchema = z
  .strictObject({
    sharing: z.enum(DECLARED_USES).meta({
      description:
        'requester-only: kept by the requester alone; named-third-parties: shared with the parties named in ' +
        'thirdParties; aggregate-only: sold or shared only as aggregates, never per person; ' +
        'sold-individually: sold or shared per person.'
    }),
    thirdParties: z
      .array(displayText(120))
      .min(1, 'must name at least one party')
      .max(20, 'must name at most 20 parties')
      .optional()
      .meta({ description: 'Who else receives the data; required exactly when sharing is named-third-parties.' })
  })
  .superRefine((use, ctx) => {
    const named = use.sharing === 'named-third-parties'
    if (named && !use.thirdParties) {
      ctx.addIssue({ code: 'custom', message: 'must list thirdParties when sharing is named-third-parties', path: ['thirdParties'] })
    }
    if (!named && use.thirdParties) {
      ctx.addIssue({ code: 'custom', message: 'may list thirdParties only when sharing is named-third-parties', path: ['thirdParties'] })
    }
  })
  .meta({ description: 'What happens to the data beyond its purpose.' })

/**
 * An address MeVault posts to: https with a domain name, or plain http to this computer (for
 * development). No user-info (it hides the real host) and no fragment.
 */
export const deliveryUriSchema = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .superRefine((value, ctx) => {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute https:// address' })
      return
    }
    const loopback = isLoopbackUrl(url)
    const httpsDomain = url.protocol === 'https:' && z.regexes.domain.test(url.hostname)
    if (!httpsDomain && !(loopback && (url.protocol === 'http:' || url.protocol === 'https:'))) {
      ctx.addIssue({ code: 'custom', message: 'must be an https:// address with a domain name (http:// only to this computer)' })
    } else if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password' })
    } else if (url.hash) {
      ctx.addIssue({ code: 'custom', message: 'must not carry a #fragment' })
    }
  })

export const requesterSchema = z.strictObject({
  name: displayText(120),
  id: didKeySchema,
  url: z
    .url({ protocol: /^https$/, hostname: z.regexes.domain })
    .max(2048, 'must be at most 2048 characters')
    .meta({ description: 'The requester’s https web address.' }),
  publicKey: z
    .string()
    .regex(KEY32_BASE64URL_PATTERN, 'must be a 32-byte X25519 public key in unpadded base64url')
    .optional()
    .meta({ description: 'X25519 public key (base64url) to seal the answer to, if the requester wants it sealed.' })
})

export const requestSchema = z
  .strictObject({
    type: z.literal(REQUEST_TYPE),
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, 'must be 1–128 letters, digits or "._:/-"'),
    requester: requesterSchema,
    nonce: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,128}$/, 'must be 16–128 base64url characters (at least 128 random bits advised)'),
    purpose: displayParagraph(1000),
    fields: z
      .array(requestedFieldSchema)
      .min(1, 'must ask for at least one field')
      .max(MAX_REQUESTED_FIELDS, `must ask for at most ${MAX_REQUESTED_FIELDS} fields`)
      .superRefine((fields, ctx) => {
        const seen = new Set<string>()
        fields.forEach((field, index) => {
          const key = requestedKey(field)
          if (seen.has(key)) {
            const member = field.claim === undefined ? 'path' : 'claim'
            ctx.addIssue({ code: 'custom', message: `asks for ${key} twice`, path: [index, member] })
          }
          seen.add(key)
        })
      }),
    retention: retentionSchema,
    compensation: compensationSchema.optional(),
    use: declaredUseSchema.optional(),
    responseUri: deliveryUriSchema
      .optional()
      .meta({ description: 'Where MeVault posts the answer (the packet, sealed if publicKey is given).' }),
    withdrawalUri: deliveryUriSchema
      .optional()
      .meta({ description: 'Where MeVault posts a withdrawal notice when the person withdraws consent.' }),
    expiresAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })
      .meta({ description: 'After this moment MeVault refuses to answer the request.' })
  })
  .meta({
    $id: 'https://mevault.dev/formats/request-1.schema.json',
    title: 'MeVault data request, version 1 (mevault.request/1)',
    description:
      'A company asks a person for fields of their vault. See docs/formats/request.md. ' +
      'Each field names a claim or a path. ' +
      'Rules a JSON Schema cannot say (exactly one of claim and path, no field asked twice, a decodable did:key, a non-zero retention ' +
      'of at most 100 years, not yet expired) are checked by MeVault as well.'
  })

export type DataRequest = z.infer<typeof requestSchema>
export type RequestedField = z.infer<typeof requestedFieldSchema>
export type Compensation = z.infer<typeof compensationSchema>
export type DeclaredUse = z.infer<typeof declaredUseSchema>

function isDecodableDidKey(value: string): boolean {
  try {
    publicKeyFromDidKey(value)
    return true
  } catch {
    return false
  }
}
