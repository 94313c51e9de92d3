import { initial } from './001-initial.js'
import { documentViews } from './002-document-views.js'
import { chunkShapes } from './003-chunk-shapes.js'
import { viewParts } from './004-view-parts.js'
import type { Migration } from './migration.js'

export type { Migration }

/** In order; a migration is never edited once released, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [initial, documentViews, chunkShapes, viewParts]
