import { z } from 'zod'
import { badInput } from '../../shared/errors.js'
import { FIELD_TYPES, type FieldType } from '../../shared/types.js'

const MAX_VALUE_LENGTH = 64 * 1024

const isCalendarDate = (text: string): boolean => {
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

/** One schema per type; each turns accepted input into the one canonical text we store. */
const VALUE_SCHEMAS: Record<FieldType, z.ZodType<string, string>> = {
  text: z.string().trim().min(1),
  address: z.string().trim().min(1),
  number: z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .refine((text) => Number.isFinite(Number(text))),
  date: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isCalendarDate),
  email: z.string().trim().toLowerCase().pipe(z.email()),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ().\-/]{3,40}$/)
    .refine((text) => (text.match(/\d/g) ?? []).length >= 3),
  url: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https?$/ })),
  money: z
    .string()
    .trim()
    .transform((text) => text.replace(/\s+/g, ' ').toUpperCase())
    .pipe(z.string().regex(/^-?\d+(\.\d{1,4})? [A-Z]{3}$/))
}

const HINTS: Record<FieldType, string> = {
  text: 'some text',
  address: 'a postal address',
  number: 'a number such as 42 or 3.5',
  date: 'a date as YYYY-MM-DD',
  email: 'an email address',
  phone: 'a phone number such as +33 6 12 34 56 78',
  url: 'an http(s) address',
  money: 'an amount and currency such as 12.50 EUR'
}

export function parseFieldType(type: string): FieldType {
  if ((FIELD_TYPES as readonly string[]).includes(type)) return type as FieldType
  throw badInput(`Unknown field type "${type.slice(0, 40)}": use one of ${FIELD_TYPES.join(', ')}`)
}

/** Validates and canonicalises a value; the error names the path and the expected form, never the value. */
export function normalizeValue(type: FieldType, value: string, path: string): string {
  if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) {
    throw badInput(`The value for ${path} must be text of at most 64 KiB`)
  }
  const result = VALUE_SCHEMAS[type].safeParse(value)
  if (!result.success) throw badInput(`The value for ${path} is not ${HINTS[type]}`)
  return result.data
}
