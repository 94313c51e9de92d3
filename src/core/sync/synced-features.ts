/*
 * Loads every feature that declares synced documents (vault/synced-documents.ts), so the registry
 * is complete before sync reads it. A feature with a new synced document declares it in its own
 * module; only a new feature module is added here.
 */
import '../claims/claim-tags.js'
import '../devices/devices-doc.js'
import '../devices/key-ring.js'
import '../ledger/ledger-store.js'
import '../policy-store/index.js'
import '../records/record-names.js'
