/**
 * The recovery key, through the handler table. Issue 12: "a record kept for 25 years outlives passphrases.
 * At creation (and on demand) the vault offers a recovery key — a printed or saved code in its own key
 * slot, like a disk-encryption recovery key — that can open the vault and set a new passphrase, audited
 * when used."
 *
 * The code is made by the store and returned once (`vault.createRecoveryKey`); the vault keeps only its
 * key slot. So that "Save as a text file" writes the very code that was shown (and the screen never has to
 * send a secret back), this session holds the code it was shown until it locks; a later session cannot
 * save it again and must make a new one. Saving is an unencrypted copy of a key, so it is audited as an
 * export and, like making one, asks for the passphrase if it was not typed in the last five minutes. Using it (`vault.recover`, on the unlock screen) sets a new passphrase for the chosen person and
 * signs them in; the store writes that audit event.
 */
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'
import { formatDateTime } from '../../shared/dates'
import type { ChannelInput, ChannelOutput, RecoveryKeyInfo } from '../../shared/ipc'
import { inspectVault, recoverWithKey } from '../store'
import { assertNewPassphrase, passphraseUserInputs } from './passphrase'
import { assertNoLockSince, requireSession, type Context, type Session } from './context'
import { saveAs } from './export-handlers'
import { requireRecentPassphrase } from './reauth'
import { kdfFor, lockSession, openedSession } from './vault-handlers'

const TEXT_FILTER = [{ name: 'Text file', extensions: ['txt'] }]

/** The code this session was shown, with what the vault says of it. Gone with the session. */
const shown = new WeakMap<Session, { code: string; info: RecoveryKeyInfo }>()

/** The saved file: what a person finding it in a drawer years later needs to know, and nothing of a case. */
export function recoveryKeyText(vaultDir: string, code: string, info: RecoveryKeyInfo): string {
  return [
    'Escalation Log — recovery key',
    '',
    `Vault folder: ${basename(vaultDir)}`,
    `Made: ${formatDateTime(info.createdAt)} by ${info.createdByName}`,
    '',
    'Recovery key:',
    `    ${code}`,
    '',
    'What it is for: if every passphrase for this vault is lost or forgotten, this key opens the vault and',
    'lets you set a new passphrase. On the unlock screen choose "Use the recovery key". Using it is recorded',
    'in the audit trail.',
    '',
    'Keep it safe: anyone who has this key and a copy of the vault folder can read every record. Print it',
    'or keep this file away from the computer the vault is on (for example in the school safe), then delete',
    'other copies. Making a new recovery key in Settings stops this one working.',
    '',
  ].join('\n')
}

export const recoveryKeyHandlers = {
  'vault.recoveryKeyInfo': async (ctx: Context) => requireSession(ctx).vault.recoveryKey(),

  'vault.createRecoveryKey': async (ctx: Context): Promise<ChannelOutput<'vault.createRecoveryKey'>> => {
    const session = requireSession(ctx)
    // A recovery key opens the vault for whoever holds it: as sensitive as adding a person.
    requireRecentPassphrase(ctx, session, 'make a recovery key')
    const made = await session.vault.createRecoveryKey()
    shown.set(session, made)
    return { code: made.code, info: { createdAt: made.info.createdAt, createdByName: made.info.createdByName } }
  },

  'vault.saveRecoveryKey': async (ctx: Context) => {
    const session = requireSession(ctx)
    const made = shown.get(session)
    const current = session.vault.recoveryKey()
    if (!made || !current || current.createdAt !== made.info.createdAt)
      throw new AppError(
        'recovery-key-not-shown',
        'The recovery key can be saved only straight after it is made, before the vault locks: it is not kept anywhere. Make a new recovery key to save it.',
      )
    const text = recoveryKeyText(session.vault.dir, made.code, made.info)
    const savedTo = await saveAs(ctx, `Escalation Log recovery key - ${basename(session.vault.dir)}.txt`, TEXT_FILTER, Buffer.from(text, 'utf8'), (savedAs) => ({
      action: 'export',
      summary: `Saved the recovery key as a text file (${savedAs})`,
    }))
    return { savedTo }
  },

  /**
   * On the unlock screen, when a passphrase is lost: the recovery key and a new passphrase for the chosen
   * person, typed twice and held to the same rules as creating a vault. They are then signed in.
   */
  'vault.recover': async (ctx: Context, input: ChannelInput<'vault.recover'>) => {
    const epoch = ctx.lockEpoch
    const found = await inspectVault(input.dir, undefined, ctx.now())
    if (found.state !== 'present')
      throw new AppError('vault-not-found', 'There is no vault in that folder — choose the folder whose passphrase was lost.', { field: 'dir' })
    const person = found.people.find((p) => p.personId === input.personId)
    if (!person) throw new AppError('person-not-found', 'That person is not listed in this vault.', { field: 'personId' })
    if (!found.hasRecoveryKey)
      throw new AppError('no-recovery-key', 'This vault has no recovery key, so it can be opened only with a passphrase. Ask another person who can unlock it to invite you again.')
    await assertNewPassphrase(input.passphrase, input.passphraseConfirm, passphraseUserInputs(person.name, ...found.people.map((p) => p.name)))
    // The strength check waits on a worker: a lock meanwhile wins, and nothing is changed.
    assertNoLockSince(ctx, epoch)
    if (ctx.session) await lockSession(ctx, 'manual')
    const vault = await recoverWithKey(input.dir, {
      code: input.code,
      personId: input.personId,
      passphrase: input.passphrase,
      kdf: await kdfFor(ctx),
      now: ctx.now,
      // The crash test stops these commits at chosen phases, as it does unlock's.
      ...(ctx.deps.storeFaults ? { faults: ctx.deps.storeFaults } : {}),
    })
    return openedSession(ctx, epoch, vault)
  },
}
