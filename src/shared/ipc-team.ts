/**
 * The team vault (issue 17, docs/team-vault.md): who is in the team, setting one up, inviting, joining,
 * removing and syncing. Every path is chosen with the main process's dialog when sent as null.
 */
import { z } from 'zod'
import { FilePath, Id, channel, disputeId, text } from './ipc-common'

export const TeamRoleInput = z.enum(['owner', 'member', 'viewer'])

export const TeamStatusView = z.object({
  member: z.boolean(),
  /** Where the team's files are: "the shared folder …" or "the WebDAV server …" (never a password). */
  where: z.string().nullable(),
  transportKind: z.enum(['folder', 'webdav']).nullable(),
  myRole: TeamRoleInput.nullable(),
  /** Why this device is no longer in the team: removed, or its invitation withdrawn as it joined (null while it is). */
  left: z.enum(['removed', 'withdrawn']).nullable(),
  members: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      role: TeamRoleInput,
      me: z.boolean(),
      /** When this colleague's newest change received here was made, by their device's clock. */
      lastReceivedAt: z.string().nullable(),
    }),
  ),
  pending: z.array(
    z.object({ inviteId: z.string(), name: z.string(), role: TeamRoleInput, expiresAt: z.string() }),
  ),
  removed: z.array(z.string()),
  /** Each problem with what arrived, in a sentence that names whose device (describeProblem). */
  problems: z.array(z.string()),
  lastSyncAt: z.string().nullable(),
  lastSyncError: z.string().nullable(),
  waiting: z.number().int().min(0),
})
export type TeamStatusView = z.infer<typeof TeamStatusView>

const FolderPath = z
  .string()
  .min(1)
  .max(4000, 'That folder path is too long')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p) && !p.includes('\0'), 'Choose a folder by its full path')

export const TeamTransportInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), path: FolderPath.nullable() }).strict(),
  z
    .object({
      kind: z.literal('webdav'),
      url: z.string().min(1, 'Enter the WebDAV server’s address').max(2000, 'That address is too long'),
      username: text(200),
      password: text(500),
    })
    .strict(),
])

const Reason = z.string().trim().min(1, 'Give your reason: colleagues will see it').max(2000, 'The reason must be at most 2000 characters')

const Code = z.string().min(1, 'Enter the code you were given in person').max(40, 'That code is too long')

export const teamChannels = {
  'team.status': channel(z.object({}).strict(), TeamStatusView),
  'team.setUp': channel(z.object({ transport: TeamTransportInput }).strict(), TeamStatusView),
  /** Saves the invitation file (with the save dialog) and gives its one-time code, shown once; savedTo null: cancelled, nothing changed. */
  'team.invite': channel(
    z
      .object({
        name: z
          .string()
          .trim()
          .min(1, 'Enter the name of the person you are inviting')
          .max(200, 'That name is too long'),
        role: TeamRoleInput,
        days: z
          .number()
          .int()
          .min(1, 'An invitation lasts at least a day')
          .max(14, 'An invitation lasts at most 14 days'),
      })
      .strict(),
    z.object({
      savedTo: z.string().nullable(),
      code: z.string().nullable(),
      expiresAt: z.string().nullable(),
    }),
  ),
  'team.join': channel(
    z
      .object({
        file: FilePath('Choose the invitation file').nullable(),
        code: Code,
        folder: FolderPath.nullable(),
      })
      .strict(),
    TeamStatusView.nullable(),
  ),
  'team.remove': channel(z.object({ personId: z.string().min(1).max(64) }).strict(), TeamStatusView),
  /** An invitation not yet used withdrawn (owners): it can no longer be used to join. */
  'team.withdrawInvitation': channel(
    z.object({ inviteId: z.string().max(16, 'That is not an invitation of this team vault').regex(/^[0-9a-f]{16}$/, 'That is not an invitation of this team vault') }).strict(),
    TeamStatusView,
  ),
  'team.syncNow': channel(z.object({}).strict(), TeamStatusView),
  /** A colleague's draft taken over, so that one person's open draft never stops the team (audited). */
  'team.takeOverDraft': channel(z.object({ ...disputeId, recordId: Id, reason: Reason }).strict(), z.null()),
  /** A colleague's draft set aside: kept, not part of the record (audited, shown on every device). */
  'team.setDraftAside': channel(z.object({ ...disputeId, recordId: Id, reason: Reason }).strict(), z.null()),
  /**
   * One of a draft's versions saved on two devices at once kept as the draft (its author or whoever took it
   * over); the dispute as it now stands. Saving a draft written from both settles it too (records.updateDraft).
   */
  'team.pickDraftVersion': channel(z.object({ ...disputeId, recordId: Id, versionId: z.string().min(1).max(80) }).strict(), z.null()),
  /**
   * One of a meeting's versions saved on two devices at once kept (anyone who may save the meeting): the parts the
   * versions changed differently are taken from it, and the meeting saved here, which settles it on every device.
   */
  'team.pickMeetingVersion': channel(z.object({ ...disputeId, versionId: z.string().min(1).max(80) }).strict(), z.null()),
  /** A "needs review" settled: `keep` is the move (its transition id) that stands. */
  'team.decideReview': channel(z.object({ ...disputeId, keep: z.string().min(1).max(80), reason: Reason }).strict(), z.null()),
  /**
   * A dispute that shares its reference with another (given on two devices apart) takes the next reference of its
   * year; the old one is kept on it as a previous reference. The new reference.
   */
  'team.giveNewReference': channel(z.object({ ...disputeId }).strict(), z.object({ reference: z.string() })),
} as const
