import type { PeerId } from '@automerge/automerge-repo'
import type { SyncPort } from '../vault/sync-port.js'
import { encodeEnd, encodeParts } from './first-copy-frames.js'
import type { SyncLogger } from './peer-trust.js'
import type { SecureChannel } from './secure-channel.js'

/** A new device that has its copy closes the channel; one that does not is dropped after this. */
const LINGER_MS = 60_000

/**
 * Sends a new device (an authenticated, paired peer that asked for a first copy) the index and every
 * record document as saved here, read from storage without loading them into the Repo, then each
 * one's heads now. Remembers those heads for this peer, so the sync session that follows does not
 * offer it, document by document, what it already has (see SyncPort.noteFirstCopy).
 */
export async function sendFirstCopy(port: SyncPort, channel: SecureChannel, peerId: PeerId, logger: SyncLogger): Promise<void> {
  try {
    const ids = await port.documentIds([]) // the index and each record it names
    const saved = await port.firstCopy.savedBytes(ids)
    const heads = port.firstCopy.headsNow([...saved.keys()])
    const documents = [...saved].map(([id, bytes]) => ({ id, bytes }))
    for (const frame of encodeParts(documents)) channel.send(frame)
    channel.send(encodeEnd({ count: documents.length, heads }))
    port.noteFirstCopy(peerId, heads)
    setTimeout(() => channel.close(), LINGER_MS).unref()
  } catch (error) {
    logger.warn(`sync: a first copy could not be sent: ${(error as Error).message}`)
    channel.destroy('the first copy could not be sent')
  }
}
