/** Regenerates docs/formats/request.schema.json: `npx tsx src/core/requests/write-json-schema.ts`. */
import { writeFileSync } from 'node:fs'
import { REQUEST_SCHEMA_PATH, requestJsonSchemaText } from './json-schema.js'

writeFileSync(REQUEST_SCHEMA_PATH, requestJsonSchemaText())
console.log(`wrote ${REQUEST_SCHEMA_PATH}`)
