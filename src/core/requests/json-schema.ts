import { z } from 'zod'
import { requestSchema } from './request-schema.js'

/** Where the published JSON Schema of mevault.request/1 lives, relative to the repository root. */
export const REQUEST_SCHEMA_PATH = 'docs/formats/request.schema.json'

/** The JSON Schema (draft 2020-12) text generated from the zod schema MeVault validates with. */
export function requestJsonSchemaText(): string {
  return `${JSON.stringify(z.toJSONSchema(requestSchema, { io: 'input' }), null, 2)}\n`
}
