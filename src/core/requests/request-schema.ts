import { z } from 'zod'
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

export const requestedFieldSchema = z.strictObject({
  path: fieldPathSchema,
  purpose: displayParagraph(500).meta({ description: 'Why this field is wanted.' }),
  required: z.boolean().meta({ description: 'Whether the requester needs this field to proceed.' })
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
          if (seen.has(field.path)) {
            ctx.addIssue({ code: 'custom', message: `asks for ${field.path} twice`, path: [index, 'path'] })
          }
          seen.add(field.path)
        })
      }),
    retention: retentionSchema,
    compensation: compensationSchema.optional(),
    expiresAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })
      .meta({ description: 'After this moment MeVault refuses to answer the request.' })
  })
  .meta({
    $id: 'https://mevault.dev/formats/request-1.schema.json',
    title: 'MeVault data request, version 1 (mevault.request/1)',
    description:
      'A company asks a person for fields of their vault. See docs/formats/request.md. ' +
      'Rules a JSON Schema cannot say (no duplicate paths, a decodable did:key, a non-zero retention ' +
      'of at most 100 years, not yet expired) are checked by MeVault as well.'
  })

export type DataRequest = z.infer<typeof requestSchema>
export type RequestedField = z.infer<typeof requestedFieldSchema>
export type Compensation = z.infer<typeof compensationSchema>

function isDecodableDidKey(value: string): boolean {
  try {
    publicKeyFromDidKey(value)
    return true
  } catch {
    return false
  }
}
