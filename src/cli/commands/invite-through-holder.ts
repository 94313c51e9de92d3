import type { InvitationView, InviteOptions, SyncStatus } from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import type { VaultConnection } from '../connect.js'
import { note, out, printJson } from '../output.js'
import { shown } from '../terminal-text.js'

export interface InviteOutput {
  json?: boolean
  /** Draws the code for the terminal (`--qr`), or nothing. */
  qr?: (code: string) => Promise<string>
}

type Outcome = { joined: { id: string; name: string } } | { ended: string } | { cancelled: true }

const NOBODY_JOINED = 'The invitation ended and no device joined'

/**
 * `mevault pair invite` while another MeVault process holds the vault: the invitation opens on the
 * holder (beside its sync listener, which keeps its address), this command prints the code and
 * waits for the holder's change events until a device joined or the invitation ended. The holder
 * serves the new machine's first sync, so nothing here waits for it. Ctrl+C cancels the invitation
 * on the holder.
 */
export async function inviteThroughHolder(holder: VaultConnection, options: InviteOptions, output: InviteOutput): Promise<void> {
  const { api, events } = holder
  if (!events) throw new MeVaultError('BUSY', 'The MeVault process holding the vault sends no change events; stop it and invite again')
  let settle!: (outcome: Outcome) => void
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve))
  let view: InvitationView | undefined
  const check = (): void => {
    const ours = view
    if (!ours) return
    api['devices.syncStatus']().then(
      (status) => {
        const judged = judge(status, ours)
        if (judged) settle(judged)
      },
      (error: unknown) => settle({ ended: `${NOBODY_JOINED} (${error instanceof Error ? error.message : 'the holder did not answer'})` })
    )
  }
  // Subscribed before the invitation opens: a device that joins at once is still heard of.
  const stopEvents = events.onChange((change) => {
    if (change.kind === 'lock') settle({ ended: `${NOBODY_JOINED}: the vault was locked, or the MeVault process holding it stopped` })
    else if (change.kind === 'devices') check()
  })
  const cancel = (): void => settle({ cancelled: true })
  process.once('SIGINT', cancel)
  let expiry: NodeJS.Timeout | undefined
  try {
    view = await api['devices.invite'](options)
    if (output.json) printJson({ code: view.code, host: view.host, port: view.port, expiresAt: view.expiresAt })
    else out(`${view.code}\n`)
    if (output.qr) process.stderr.write(await output.qr(view.code))
    note(`On the other machine run: mevault pair accept CODE  (valid until ${view.expiresAt}; Ctrl+C cancels)`)
    const listener = (await api['devices.syncStatus']()).listener
    if (listener) {
      note(shown`The MeVault process holding this vault keeps the invitation; the new machine's first sync goes to its sync listener on ${listener.host}:${listener.port}.`)
    }
    // The holder says when the invitation ends; this only covers a holder that could not say so.
    expiry = setTimeout(check, Math.max(0, Date.parse(view.expiresAt) - Date.now()) + 1_000)
    check() // a device that joined before the subscription's first event
    const result = await outcome
    if ('cancelled' in result) {
      await cancelIfOurs(holder, view)
      throw new MeVaultError('NOT_FOUND', NOBODY_JOINED)
    }
    if ('ended' in result) throw new MeVaultError('NOT_FOUND', result.ended)
    const device = (await api['devices.list']()).find((listed) => listed.id === result.joined.id)
    const name = device?.name ?? result.joined.name
    note(shown`Paired with ${name} (${result.joined.id}, key ${device?.fingerprint ?? 'unknown'}); the MeVault process holding this vault sends it the vault.`)
    if (!output.json) out(shown`Paired with ${name} (${result.joined.id})` + '\n')
  } finally {
    clearTimeout(expiry)
    process.off('SIGINT', cancel)
    stopEvents()
  }
}

/** Whether our invitation still waits, a device joined through it, or it ended some other way. */
function judge(status: SyncStatus, ours: InvitationView): Outcome | undefined {
  if (status.invitation?.code === ours.code) return undefined
  if (status.invitation) return { ended: `${NOBODY_JOINED}: a new invitation replaced it` }
  // `joined` belongs to the last invitation opened, and opening one clears it: this one.
  if (status.joined) return { joined: status.joined }
  return { ended: NOBODY_JOINED }
}

/** Cancels the invitation on the holder unless another one replaced it meanwhile (that one is not ours to end). */
async function cancelIfOurs(holder: VaultConnection, ours: InvitationView): Promise<void> {
  const status = await holder.api['devices.syncStatus']().catch(() => undefined)
  if (status?.invitation?.code === ours.code) await holder.api['devices.cancelInvitation']()
}
