import type { Command } from 'commander'
import { hostname } from 'node:os'
import type { SyncLogger } from '../../core/sync/peer-trust.js'
import { MeVaultError } from '../../shared/errors.js'
import { connectToHolder } from '../connect.js'
import { keyFilePath, prepareKeyFolder, vaultDir } from '../locations.js'
import { withVault } from '../open-vault.js'
import { note, noteLine, out, printJson } from '../output.js'
import { askNewPassphrase } from '../passphrase.js'
import { parsePort } from './sync.js'
import { shown } from '../terminal-text.js'
import { inviteThroughHolder } from './invite-through-holder.js'

const toStderr: SyncLogger = { info: noteLine, warn: noteLine }
const silent: SyncLogger = { info: () => {}, warn: () => {} }
/** After pairing, the inviting side serves the first sync this long at most. */
const FIRST_SYNC_WAIT_MS = 120_000

export function registerPair(program: Command): void {
  const pair = program.command('pair').description('join another machine to this vault with a one-time code')

  pair
    .command('invite')
    .description(
      'print a one-time code, then wait (until it expires) for the other machine to accept it; ' +
        'while another MeVault process holds the vault, the code is opened there and that process serves the first sync'
    )
    .option('--json', 'print the code as JSON')
    .option('--host <address>', 'address to listen on (0.0.0.0 for other machines)', '127.0.0.1')
    .option('--port <n>', 'port (default: any free port)', '0')
    .option('--advertise <address>', 'address to put in the code, if not the one listened on')
    .option('--minutes <n>', 'how long the code stays valid', '10')
    .option('--qr', 'also draw the code as a QR code, for a phone or a camera')
    .action(async (options: { json?: boolean; host: string; port: string; advertise?: string; minutes: string; qr?: boolean }, command: Command) => {
      const minutes = Number(options.minutes)
      if (!(minutes > 0 && minutes <= 60)) throw new MeVaultError('BAD_INPUT', '--minutes must be more than 0 and at most 60')
      const port = parsePort(options.port)
      const drawQr = async (code: string): Promise<string> =>
        (await import('qrcode')).default.toString(code, { type: 'terminal', small: true })
      const holder = await connectToHolder(command.optsWithGlobals())
      if (holder) {
        // Only what was typed goes to the holder: left out, its sync listener's address is used.
        const given = (name: string): boolean => command.getOptionValueSource(name) === 'cli'
        try {
          return await inviteThroughHolder(
            holder,
            {
              ...(given('host') ? { host: options.host } : {}),
              ...(given('port') && port !== 0 ? { port } : {}),
              ...(options.advertise !== undefined ? { advertise: options.advertise } : {}),
              minutes
            },
            { json: options.json, qr: options.qr ? drawQr : undefined }
          )
        } finally {
          await holder.close()
        }
      }
      const [{ openInvitation }, { serveSync }, { listenFailure }] = await Promise.all([
        import('../../core/pairing/invitation.js'),
        import('../../core/sync/sync-session.js'),
        import('../../core/service/listen-failure.js')
      ])
      await withVault(command.optsWithGlobals(), async (vault) => {
        const invitation = await openInvitation(vault, {
          host: options.host,
          port,
          advertise: options.advertise,
          ttlMs: minutes * 60_000,
          logger: toStderr
        }).catch((error: unknown) => {
          throw listenFailure(error, options.host, port)
        })
        if (options.json) printJson({ code: invitation.code, host: invitation.host, port: invitation.port, expiresAt: invitation.expiresAt })
        else out(`${invitation.code}\n`)
        if (options.qr) process.stderr.write(await drawQr(invitation.code))
        note(`On the other machine run: mevault pair accept CODE  (valid until ${invitation.expiresAt.toISOString()}; Ctrl+C cancels)`)
        const cancelled = new Promise<undefined>((resolve) => process.once('SIGINT', () => resolve(undefined)))
        const device = await Promise.race([invitation.joined, cancelled])
        await invitation.close()
        if (!device) throw new MeVaultError('NOT_FOUND', 'The invitation ended and no device joined')
        note(shown`Paired with ${device.name} (${device.id}, key ${device.fingerprint}); sending it the vault…`)
        // The new device's first sync comes straight back to this address.
        const server = await serveSync(vault, { host: options.host, port: invitation.port, logger: silent })
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, FIRST_SYNC_WAIT_MS)
          server.adapter.once('peer-disconnected', () => {
            clearTimeout(timer)
            resolve()
          })
        })
        await server.close()
        if (!options.json) out(shown`Paired with ${device.name} (${device.id})` + '\n')
      })
    })

  pair
    .command('accept <code>')
    .description('join this machine to the vault that printed CODE (MEVAULT_HOME must not hold a vault yet)')
    .option('--name <device>', "this machine's name in the device list", hostname())
    .option('--json', 'print the result as JSON')
    .action(async (code: string, options: { name: string; json?: boolean }, command: Command) => {
      const dir = vaultDir(command.optsWithGlobals().vault)
      const [{ parseSecretKey }, { acceptInvitation }, { firstSyncAfterJoining }, { describeSummary }, { writeKeyFile }] = await Promise.all([
        import('../../core/crypto/secret-key.js'),
        import('../../core/pairing/accept-invitation.js'),
        import('../../core/pairing/first-sync.js'),
        import('../../core/sync/vault-sync.js'),
        import('../../core/vault/key-file.js')
      ])
      const passphrase = await askNewPassphrase('MEVAULT_PASSPHRASE')
      const { vault, recoveryKit, inviter, syncAt } = await acceptInvitation(code, { dir, passphrase, deviceName: options.name, logger: toStderr })
      try {
        const keyFile = keyFilePath(recoveryKit.vaultId)
        prepareKeyFolder(keyFile) // owner-only, as `init` makes it
        writeKeyFile(keyFile, recoveryKit.vaultId, parseSecretKey(recoveryKit.secretKey))
        const { summary, failure } = await firstSyncAfterJoining(vault, syncAt, silent)
        if (failure) note(shown`mevault: first sync failed: ${failure}`)
        if (options.json) {
          printJson({ ...recoveryKit, deviceId: vault.device.id, vaultDir: dir, keyFile, inviter, firstSync: summary ?? null })
          return
        }
        out(
          [
            shown`Joined the vault of ${recoveryKit.did}, invited by ${inviter.name} (${inviter.id}).`,
            `This machine's secret key: ${recoveryKit.secretKey}`,
            `It is saved in ${keyFile}; write it down too: with your passphrase it unlocks this machine's copy.`,
            summary ? `First sync: ${describeSummary(summary)}` : 'First sync did not finish: run `mevault sync now --peer HOST:PORT` later.',
            ''
          ].join('\n')
        )
      } finally {
        await vault.close()
      }
    })
}
