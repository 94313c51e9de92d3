import { z } from 'zod'
import {
  claimNameSchema,
  compensationSchema,
  declaredUseSchema,
  didKeySchema,
  fieldPathSchema,
  MAX_REQUESTED_FIELDS,
  retentionSchema,
  requestSchema
} from '../requests/request-schema.js'

/** The JWS "typ" of a packet: media type application/mevault.packet.v1+jwt, shortened per RFC 7515. */
export const PACKET_TYP = 'mevault.packet.v1+jwt'

/** A packet string longer than this is refused before decoding. */
export const MAX_PACKET_CHARS = 4 * 1024 * 1024

export const packetHeaderSchema = z.strictObject({
  alg: z.literal('EdDSA'),
  typ: z.literal(PACKET_TYP),
  kid: didKeySchema
})

const secondsSchema = z.number().int().min(0).max(253402300799) // up to 9999-12-31

export const packetPayloadSchema = z.strictObject({
  iss: didKeySchema,
  aud: didKeySchema,
  nonce: requestSchema.shape.nonce,
  request: z.strictObject({
    id: requestSchema.shape.id,
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')
  }),
  iat: secondsSchema,
  exp: secondsSchema,
  purpose: z.string().max(1000),
  terms: z.strictObject({
    retention: retentionSchema,
    compensation: compensationSchema.optional(),
    /** The request's declared use, when it declared one: what the requester may do beyond the purpose. */
    use: declaredUseSchema.optional()
  }),
  /** Approved values under the names the request asked by: a claim name, or a vault path. */
  claims: z
    .record(z.union([claimNameSchema, fieldPathSchema]), z.string())
    .refine((claims) => Object.keys(claims).length <= MAX_REQUESTED_FIELDS, 'holds too many claims')
})

export type PacketHeader = z.infer<typeof packetHeaderSchema>
export type PacketPayload = z.infer<typeof packetPayloadSchema>
