/**
 * A phone in its own process, for the crash test: a Repo with automerge's file storage, dialing the
 * laptop over the secure transport. Reports each document's heads on stdout as JSON lines, and runs until
 * it is killed. Settings arrive as JSON in MEVAULT_SYNC_PEER.
 */
import { Repo, type AutomergeUrl, type DocHandle, type PeerId } from '@automerge/automerge-repo'
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs'
import { loadSodium } from '../../crypto/sodium.js'
import { signingKeyPairFromSecret } from '../../crypto/identity.js'
import { SecureClientAdapter } from '../secure-client-adapter.js'

interface Settings {
  secretKeyHex: string
  laptopPublicKeyHex: string
  port: number
  storageDir: string
  laptopDocUrl: AutomergeUrl
  /** The phone's own notes document: created on the first run, reopened from storage on the next. */
  notesUrl?: AutomergeUrl
  /** Edit the laptop's document once it has arrived. */
  editLaptopDoc: boolean
}

const settings = JSON.parse(process.env.MEVAULT_SYNC_PEER ?? '{}') as Settings
const report = (line: object): void => void process.stdout.write(JSON.stringify(line) + '\n')

await loadSodium()
const adapter = new SecureClientAdapter({
  deviceKeys: signingKeyPairFromSecret(Uint8Array.from(Buffer.from(settings.secretKeyHex, 'hex'))),
  trust: (key) => (Buffer.from(key).toString('hex') === settings.laptopPublicKeyHex ? { deviceId: 'laptop' } : undefined),
  logger: { info: () => {}, warn: (line) => report({ warn: line }) },
  host: '127.0.0.1',
  port: settings.port,
  retryIntervalMs: 100
})
const repo = new Repo({ storage: new NodeFSStorageAdapter(settings.storageDir), network: [adapter], peerId: 'phone' as PeerId })

const watch = (name: string, handle: DocHandle<Record<string, string>>): void => {
  const send = (): void => report({ doc: name, heads: handle.heads(), fields: Object.keys(handle.doc()).length })
  handle.on('change', send)
  send()
}

let notes: DocHandle<Record<string, string>>
if (settings.notesUrl) {
  notes = await repo.find<Record<string, string>>(settings.notesUrl)
} else {
  notes = repo.create<Record<string, string>>({ note: 'written on the phone before the crash' })
  await repo.flush([notes.documentId]) // on disk before anything else happens
}
report({ notesUrl: notes.url })
watch('notes', notes)

const laptopDoc = await repo.find<Record<string, string>>(settings.laptopDocUrl)
if (settings.editLaptopDoc) {
  laptopDoc.change((doc) => {
    doc.fromPhone = 'added on the phone after the restart'
  })
}
watch('laptop', laptopDoc)
