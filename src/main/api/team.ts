/**
 * The team vault's handlers (src/shared/ipc-team.ts): one `TeamService` per unlocked session, started the
 * first time a session asks (and at unlock, by `startTeam`), stopped at lock. Inviting and removing ask for
 * the passphrase again, as inviting a person to the local vault does: each hands out or moves the team's keys.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelOutput } from '../../shared/ipc'
import { checkWebDavUrl } from '../team/webdav'
import { TeamService, type StoredTransport } from '../team/service'
import { askWhileUnlocked, requireSession, type Context, type Session } from './context'
import { requireRecentPassphrase } from './reauth'
import { teamBridges, teamServices } from './team-sessions'
import { applyMerged, startPublishing, wireTeam } from './team-wire'
import { kdfFor } from './vault-handlers'
import { attachmentPresent, readAttachmentRange } from '../store/attachments'

const SYNC_EVERY_MS = 60_000

/** The session's team service (started on first use): what the case log's bridge attaches to. */
export function teamService(ctx: Context, session: Session = requireSession(ctx)): Promise<TeamService> {
  let s = teamServices.get(session)
  if (!s) {
    s = TeamService.start({
      store: session.caselog,
      // Null only when the file has left the vault; a locked or damaged vault throws, and the part waits.
      storedFile: async (f) => (attachmentPresent(session.vault, f.attachment, f.size) ? readAttachmentRange(session.vault, f.attachment, f.size, f.offset, f.length) : null),
      me: () => {
        const id = session.vault.locked ? null : session.vault.teamIdentity()
        return id
          ? {
              personId: session.vault.person.personId,
              name: session.vault.person.name,
              signer: id.signer,
              box: id.box,
            }
          : null
      },
      now: ctx.now,
      kdf: () => kdfFor(ctx),
      intervalMs: ctx.deps.teamSyncMs ?? SYNC_EVERY_MS,
    }).then((service) => {
      wireTeam(ctx, session, service)
      return service
    })
    teamServices.set(session, s)
  }
  return s
}

async function transportOf(
  ctx: Context,
  session: Session,
  input: ChannelInput<'team.setUp'>['transport'],
): Promise<StoredTransport | null> {
  if (input.kind === 'webdav') {
    try {
      checkWebDavUrl(input.url)
    } catch (e) {
      throw new AppError('invalid-input', e instanceof Error ? e.message : String(e), { field: 'url' })
    }
    return { kind: 'webdav', url: input.url, username: input.username, password: input.password }
  }
  const path =
    input.path ??
    (ctx.deps.chooseFolder
      ? await askWhileUnlocked(ctx, session, () =>
          (ctx.deps.chooseFolder as NonNullable<typeof ctx.deps.chooseFolder>)('team'),
        )
      : null)
  return path ? { kind: 'folder', path } : null
}

/** The session's bridge and the dispute's document, or a refusal in words. */
async function bridgeFor(ctx: Context, disputeId: string) {
  const session = requireSession(ctx)
  const bridge = teamBridges.get(session)
  if (!bridge) throw new AppError('invalid-input', 'Set up or join a team vault first.')
  const doc = await session.caselog.disputeDocOf(disputeId)
  if (!doc) throw new AppError('dispute-not-found', 'That dispute is not in this vault.')
  return { bridge, doc }
}

/**
 * Runs `act` on the bridge; when it finds nothing to act on, the device may not yet hold what the stored notes
 * show (a device unlocked again holds the team's history after its first sync): sync, apply, and try once more.
 */
async function caughtUp<T>(ctx: Context, act: () => Promise<T | false>): Promise<T | false> {
  const done = await act()
  if (done !== false) return done
  const session = requireSession(ctx)
  await (await teamService(ctx, session)).syncNow()
  await applyMerged(session)
  return act()
}

const notReceived = () =>
  new AppError('team-not-received', 'This device has not received the team’s changes for this dispute yet. Check the team vault can be reached, sync now, and try again.')

async function colleaguesDraft(ctx: Context, input: { disputeId: string; recordId: string }) {
  const { bridge, doc } = await bridgeFor(ctx, input.disputeId)
  const record = doc.records.find((r) => r.id === input.recordId)
  if (!record) throw new AppError('record-not-found', 'That record is not on this dispute.')
  if (record.status !== 'draft') throw new AppError('invalid-input', 'This record is approved: only a draft can be taken over or set aside.')
  return bridge
}

const status = async (ctx: Context): Promise<ChannelOutput<'team.status'>> =>
  (await teamService(ctx)).status()

export const teamHandlers = {
  'team.status': status,

  'team.setUp': async (ctx: Context, input: ChannelInput<'team.setUp'>) => {
    const session = requireSession(ctx)
    const transport = await transportOf(ctx, session, input.transport)
    const service = await teamService(ctx, session)
    if (transport) {
      await service.setUp(transport)
      await startPublishing(ctx, session, service)
    }
    return service.status()
  },

  'team.invite': async (ctx: Context, input: ChannelInput<'team.invite'>) => {
    const session = requireSession(ctx)
    requireRecentPassphrase(ctx, session, 'invite someone to the team vault')
    const service = await teamService(ctx, session)
    if (!service.status().member) throw new AppError('invalid-input', 'Set up or join a team vault first.')
    const choose = ctx.deps.chooseSaveFile
    if (!choose) throw new AppError('export-unavailable', 'Saving files is not available here.')
    const path = await askWhileUnlocked(ctx, session, () =>
      choose(`Team vault invitation for ${input.name.replace(/[^\p{L}\p{N} .'-]/gu, '')}.eltinvite`, [
        { name: 'Team vault invitation', extensions: ['eltinvite'] },
      ]),
    )
    if (!path) return { savedTo: null, code: null, expiresAt: null }
    const made = await service.invite({ name: input.name, role: input.role, days: input.days })
    try {
      await writeFile(path, made.file)
    } catch {
      throw new AppError(
        'export-write-failed',
        `The invitation could not be saved to ${basename(path)}. Choose another folder and make the invitation again.`,
      )
    }
    return { savedTo: path, code: made.code, expiresAt: made.expiresAt }
  },

  'team.join': async (ctx: Context, input: ChannelInput<'team.join'>) => {
    const session = requireSession(ctx)
    const choose = ctx.deps.chooseOpenFile
    const file =
      input.file ??
      (choose
        ? await askWhileUnlocked(ctx, session, () =>
            choose([{ name: 'Team vault invitation', extensions: ['eltinvite'] }]),
          )
        : null)
    if (!file) return null
    let bytes: Buffer
    try {
      bytes = await readFile(file)
    } catch {
      throw new AppError('invalid-input', `The file ${basename(file)} could not be read.`, { field: 'file' })
    }
    const service = await teamService(ctx, session)
    await service.join({
      file: bytes,
      code: input.code,
      folder: input.folder,
      chooseFolder: ctx.deps.chooseFolder
        ? () =>
            askWhileUnlocked(ctx, session, () =>
              (ctx.deps.chooseFolder as NonNullable<typeof ctx.deps.chooseFolder>)('team'),
            )
        : null,
    })
    await startPublishing(ctx, session, service)
    return service.status()
  },

  'team.remove': async (ctx: Context, input: ChannelInput<'team.remove'>) => {
    const session = requireSession(ctx)
    requireRecentPassphrase(ctx, session, 'remove someone from the team vault')
    const service = await teamService(ctx, session)
    await service.remove(input.personId)
    return service.status()
  },

  'team.withdrawInvitation': async (ctx: Context, input: ChannelInput<'team.withdrawInvitation'>) => {
    const service = await teamService(ctx, requireSession(ctx))
    await service.withdraw(input.inviteId)
    return service.status()
  },

  'team.takeOverDraft': async (ctx: Context, input: ChannelInput<'team.takeOverDraft'>) => {
    await (await colleaguesDraft(ctx, input)).takeOver(input.disputeId, input.recordId, input.reason)
    return null
  },

  'team.setDraftAside': async (ctx: Context, input: ChannelInput<'team.setDraftAside'>) => {
    await (await colleaguesDraft(ctx, input)).setAside(input.disputeId, input.recordId, input.reason)
    return null
  },

  'team.pickDraftVersion': async (ctx: Context, input: ChannelInput<'team.pickDraftVersion'>) => {
    const { bridge, doc } = await bridgeFor(ctx, input.disputeId)
    const record = doc.records.find((r) => r.id === input.recordId)
    if (!record) throw new AppError('record-not-found', 'That record is not on this dispute.')
    const pick = () => bridge.pickVersion(input.disputeId, input.recordId, input.versionId, requireSession(ctx).vault.person.personId)
    // The stored notes show two versions but the device holds one or none: it has not caught up since unlock.
    const storedTwo = (doc.team?.records.find((r) => r.recordId === input.recordId)?.conflicts ?? []).includes('two-versions')
    const answer = storedTwo ? ((await caughtUp(ctx, async () => { const a = await pick(); return a === 'not-two' ? false : a })) || 'behind') : await pick()
    if (answer === 'behind') throw notReceived()
    if (answer === 'not-two') throw new AppError('record-one-version', 'This draft has only one version now: there is nothing to pick.')
    if (answer === 'no-such-version') throw new AppError('invalid-input', 'Choose one of the versions shown.', { field: 'versionId' })
    if (answer === 'not-an-owner')
      throw new AppError('record-not-yours', `Only ${record.author.name}, who wrote this draft, or someone who has taken it over can pick its version: take it over first.`)
    return null
  },

  'team.pickMeetingVersion': async (ctx: Context, input: ChannelInput<'team.pickMeetingVersion'>) => {
    const { bridge } = await bridgeFor(ctx, input.disputeId)
    const notes = (await requireSession(ctx).caselog.meetingDoc(input.disputeId))?.team ?? null
    if (!notes || notes.conflictFields.length === 0) throw new AppError('meeting-one-version', 'This meeting has only one version now: there is nothing to pick.')
    if (!notes.versions.some((v) => v.version === input.versionId)) throw new AppError('invalid-input', 'Choose one of the versions shown.', { field: 'versionId' })
    // The stored notes show two versions: a device that holds one or none has not caught up since unlock.
    const answer = (await caughtUp(ctx, async () => { const a = await bridge.pickMeetingVersion(input.disputeId, input.versionId); return a === 'not-two' ? false : a })) || 'behind'
    if (answer === 'behind') throw notReceived()
    if (answer === 'no-such-version') throw new AppError('invalid-input', 'Choose one of the versions shown.', { field: 'versionId' })
    return null
  },

  'team.decideReview': async (ctx: Context, input: ChannelInput<'team.decideReview'>) => {
    const { bridge, doc } = await bridgeFor(ctx, input.disputeId)
    const moves = doc.team?.needsReview ?? []
    if (moves.length < 2) throw new AppError('invalid-input', 'This dispute does not need review: there is nothing to decide.')
    if (!moves.some((m) => m.transitionId === input.keep))
      throw new AppError('invalid-input', 'Choose one of the two moves shown.', { field: 'keep' })
    const decided = await caughtUp(ctx, () => bridge.decideReview(input.disputeId, input.keep, input.reason))
    if (!decided) throw notReceived()
    return null
  },

  'team.giveNewReference': async (ctx: Context, input: ChannelInput<'team.giveNewReference'>) => {
    const { bridge, doc } = await bridgeFor(ctx, input.disputeId)
    const others = doc.team?.sameReference ?? []
    if (others.length === 0) throw new AppError('invalid-input', `No other dispute has the reference ${doc.dispute.reference}: it keeps it.`)
    const session = requireSession(ctx)
    const at = ctx.now().toISOString()
    const reference = await session.caselog.giveNewReference(
      input.disputeId,
      { at, by: session.vault.person.name, why: 'Another dispute was given the same reference on a team device while the two were apart.' },
      (from, to) => ({ action: 'dispute-reference-changed', subject: to, summary: `Reference changed from ${from} to ${to}: another dispute had been given ${from} on a team device while the two were apart` }),
    )
    // The team notes of both disputes, here at once (the other dispute's note names this one no longer).
    await bridge.apply()
    return { reference }
  },

  'team.syncNow': async (ctx: Context) => {
    const session = requireSession(ctx)
    const service = await teamService(ctx, session)
    await service.syncNow()
    await applyMerged(session)
    return service.status()
  },
}
