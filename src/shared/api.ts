/**
 * The one contract between the UI and the vault: a typed method map (GitHub Desktop style).
 * The same map is served over Electron IPC (preload) and over loopback HTTP (`mevault serve`);
 * the renderer cannot tell which. Every input is validated here, at the boundary, by its schema.
 */
import { z } from 'zod'
import { ERROR_CODES, MeVaultError, type ErrorCode } from './errors.js'
import {
  FIELD_TYPES,
  TIERS,
  type FieldVersion,
  type FieldView,
  type RecoveryKit,
  type VaultStatus
} from './types.js'

/** "RECORD.FIELD", the same rule as the core's parseFieldPath: ASCII letters, digits, "_", "-", up to 64 each. */
export const FIELD_PATH_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/
export const MAX_VALUE_LENGTH = 65_536
export const MIN_NEW_PASSPHRASE_LENGTH = 8
const MAX_PASSPHRASE_LENGTH = 1_024

const fieldPath = z
  .string({ error: 'path must be a string like "contact.email"' })
  .regex(FIELD_PATH_PATTERN, {
    error: 'path must be RECORD.FIELD, e.g. "contact.email" (letters, digits, "-" and "_", up to 64 each)'
  })
const tier = z.enum(TIERS, { error: `tier must be one of ${TIERS.join(', ')}` })
const fieldType = z.enum(FIELD_TYPES, { error: `type must be one of ${FIELD_TYPES.join(', ')}` })
const value = z
  .string({ error: 'value must be a string' })
  .max(MAX_VALUE_LENGTH, { error: `value must be at most ${MAX_VALUE_LENGTH} characters` })
const passphrase = z
  .string({ error: 'passphrase must be a string' })
  .min(1, { error: 'passphrase is empty' })
  .max(MAX_PASSPHRASE_LENGTH, { error: `passphrase must be at most ${MAX_PASSPHRASE_LENGTH} characters` })
const noInput = z.void({ error: 'this method takes no input' })

/** Input schema per method. Strict objects: an unknown key is a mistake worth reporting. */
export const methodInputSchemas = {
  'vault.state': noInput,
  'vault.create': z.strictObject({
    passphrase: passphrase.min(MIN_NEW_PASSPHRASE_LENGTH, {
      error: `a new passphrase needs at least ${MIN_NEW_PASSPHRASE_LENGTH} characters`
    })
  }),
  'vault.unlock': z.strictObject({ passphrase }),
  'vault.lock': noInput,
  'fields.list': noInput,
  'fields.get': z.strictObject({ path: fieldPath }),
  'fields.set': z.strictObject({ path: fieldPath, value, tier: tier.optional(), type: fieldType.optional() }),
  'fields.remove': z.strictObject({ path: fieldPath }),
  'fields.setTier': z.strictObject({ path: fieldPath, tier }),
  'fields.search': z.strictObject({
    text: z
      .string({ error: 'search text must be a string' })
      .min(1, { error: 'search text is empty' })
      .max(256, { error: 'search text must be at most 256 characters' })
  }),
  'fields.history': z.strictObject({ path: fieldPath }),
  'fields.restore': z.strictObject({
    path: fieldPath,
    version: z.int({ error: 'version must be a whole number' }).min(1, { error: 'versions count from 1' })
  })
} as const

/** What the UI needs to pick its first screen. `status` is present only while unlocked. */
export interface VaultState {
  exists: boolean
  unlocked: boolean
  status?: VaultStatus
}

/**
 * Result per method. `vault.create` creates the vault and leaves it unlocked; the recovery kit it
 * returns is the only time the secret key is shown. `vault.unlock` takes the secret key from the
 * device's key store, never from the UI.
 */
export interface MethodOutputs {
  'vault.state': VaultState
  'vault.create': RecoveryKit
  'vault.unlock': VaultStatus
  'vault.lock': void
  'fields.list': FieldView[]
  'fields.get': FieldView
  'fields.set': FieldView
  'fields.remove': void
  'fields.setTier': FieldView
  'fields.search': FieldView[]
  'fields.history': FieldVersion[]
  /** null when the chosen version was a removal: restoring it removes the field again. */
  'fields.restore': FieldView | null
}

export type MethodName = keyof typeof methodInputSchemas
export type MethodInput<M extends MethodName> = z.output<(typeof methodInputSchemas)[M]>
export type MethodOutput<M extends MethodName> = MethodOutputs[M]

/** The whole API as one object: what the core service implements and what the renderer is given. */
export type MeVaultApi = {
  readonly [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>>
}

export const METHOD_NAMES = Object.freeze(Object.keys(methodInputSchemas) as MethodName[])

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methodInputSchemas, name)
}

/** Validates raw transport input; the message names what is wrong, never the value itself. */
export function parseMethodInput<M extends MethodName>(method: M, raw: unknown): MethodInput<M> {
  const result = methodInputSchemas[method].safeParse(raw)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
      const message = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message
      return where + message
    })
    throw new MeVaultError('BAD_INPUT', `${method}: ${problems.join('; ')}`)
  }
  return result.data as MethodInput<M>
}

// ---- errors across the boundary -------------------------------------------------------------

/** Codes only a transport produces: a refused caller, or a fault that is not a MeVaultError. */
export const TRANSPORT_ERROR_CODES = ['FORBIDDEN', 'INTERNAL'] as const
export type WireErrorCode = ErrorCode | (typeof TRANSPORT_ERROR_CODES)[number]
export interface WireError {
  code: WireErrorCode
  message: string
}
export type WireResult<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError }

const INTERNAL_MESSAGE = 'MeVault hit an unexpected error; see the app log for details'

/** Unknown faults never pass their message on: it could carry personal data. */
export function toWireError(error: unknown): WireError {
  if (error instanceof MeVaultError) return { code: error.code, message: error.message }
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE }
}

function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false
  const { code, message } = value as Record<string, unknown>
  return typeof code === 'string' && typeof message === 'string'
}

/** On the renderer side: a MeVaultError again when the code is one of ours, a plain Error otherwise. */
export function fromWireError(error: unknown): Error {
  if (error instanceof MeVaultError) return error
  if (isWireError(error)) {
    const known = (ERROR_CODES as readonly string[]).includes(error.code)
    return known ? new MeVaultError(error.code as ErrorCode, error.message) : new Error(error.message)
  }
  return new Error(INTERNAL_MESSAGE)
}

/** Validate, call, and wrap the outcome: the one path every transport takes into the API. */
export async function invokeMethod(api: MeVaultApi, method: MethodName, raw: unknown): Promise<WireResult> {
  try {
    const input = parseMethodInput(method, raw)
    const call = api[method] as (input: unknown) => Promise<unknown>
    const value = await call.call(api, input)
    return { ok: true, value }
  } catch (error) {
    return { ok: false, error: toWireError(error) }
  }
}
