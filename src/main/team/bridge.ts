/**
 * The bridge between this device's case log and the team (docs/team-vault.md, "The bridge"). Two directions:
 *
 * - **Saves to events.** It listens to the case log's `saved` event; each save is compared with what the team
 *   holds and with what was last applied here (bridge-actions.ts), and what it changed is appended to this
 *   device's chain at once — `append` is local, so a save never waits for the network. Writes made from the
 *   team's merge tell nothing back.
 * - **Merged state to the case log.** `apply()`, after each sync, writes into the case log every dispute,
 *   record, child, directory entry, policy and team setting the merge changed (caselog/team-apply.ts), as one
 *   commit with one audit event naming whose devices the changes came from. Applying again changes nothing.
 *
 * The team service creates the `TeamDevice`, syncs it, and calls `apply()` after each merge; the bridge never
 * syncs on its own. `apply()` writes to the case log, so it must run in the handler table's one-at-a-time queue
 * like any save: a handler that read a dispute before an apply and saved it after would write over the apply.
 */
import { auditKindOf } from '../../shared/audit-kinds'
import type { Child } from '../../shared/children'
import { isDisputeSubject, SUBJECT, TeamAction, type TeamSettings } from '../domain/team/events'
import type { DisputeView } from '../domain/team/merge'
import { pickedMeeting } from '../domain/team/merge-meeting'
import type { CaseLog, SavedChange, TeamBatch } from '../caselog/caselog'
import type { Changes } from '../caselog/changes'
import type { ArchiveDoc, DisputeDoc, MeetingDoc, TeamDoc } from '../caselog/documents'
import type { AuditEventInput, DocumentChange, Vault } from '../store'
import { appliedDispute, changedEntity } from '../caselog/team-apply'
import { disputeActions, newVersionId, teamWideActions } from './bridge-actions'
import { applyFiles, fileActions, knownParts, localFileBytes, type AwaitedFile } from './bridge-files'
import { appliedMeeting, appliedRetention, meetingActions, retentionActions } from './bridge-meetings'
import type { RetentionDecision } from '../domain/retention'
import { withColleaguesChanges } from './bridge-audit'
import type { Hold, TeamDevice } from './device'

/** The audit action of a batch applied from the team: the bridge tells the team nothing of these saves. */
export const TEAM_APPLIED = 'team-changes-applied'

export interface TeamBridgeOptions {
  caselog: CaseLog
  device: TeamDevice
  /** Whose a device is, by name, for the audit trail (from the team's member list). */
  nameOf: (deviceId: string) => string | null
  now: () => Date
  /**
   * False for a device started again from its saved position: until its first `apply()` (after its first sync)
   * it holds only its unsent files, not the team's history, so saves are kept back and told then — otherwise
   * each would look new to the team (a dispute opened again, every record drafted again). True (the default)
   * for a device that holds all it has written: a new one, or one that has been running.
   */
  caughtUp?: boolean
  /**
   * The team document as it now stands (the team service's `currentDocument`). Given, the bridge tells the team
   * of each write just before it commits and stores this document in that same commit (CaseLog.sealWith), so a
   * change sealed but not yet sent is never lost if the app stops; not given, it tells after each save.
   */
  document?: () => TeamDoc | null
  /**
   * How far each other device's changes had been applied here when this device last stored its team document
   * (`TeamDoc.applied`; null or absent: not known, a document from before it was kept). With `caughtUp: false`,
   * a save kept back is told as made from what the person saw then — the team's view at this cut — so that a
   * colleague's change merged by the first sync stands beside it (both shown) instead of being superseded.
   */
  appliedUpTo?: Readonly<Record<string, number>> | null
  /** Told, before the commit that writes them, how far each other device's changes are now applied here. */
  onApplied?: (cut: Record<string, number>) => void
  /** The device to use now, when it can be rebuilt (a new key epoch): read at each use. */
  currentDevice?: () => TeamDevice | null
  /**
   * The case log's vault, for the records' stored files (bridge-files.ts): given, files travel with their
   * records; not given, records travel without them.
   */
  vault?: Vault
}

/** What is told to the team is read from here: the case log, or the case log with a write about to commit. */
type Source = Pick<CaseLog, 'disputeDocOf' | 'meetingDoc' | 'archiveDoc' | 'children' | 'directory' | 'importedPolicies' | 'retiredPolicies' | 'calendarDays' | 'settings'>

/** The case log as it will be once `changes` have committed (for what a write is about to change). */
function pending(log: CaseLog, changes: Readonly<Changes>): Source {
  const disputes = new Map((changes.disputes ?? []).map((d) => [d.dispute.id, d]))
  const policies = changes.policies
  const meetings = new Map<string, MeetingDoc>((changes.meetings ?? []).map((m) => [m.meeting.disputeId, m]))
  return {
    disputeDocOf: async (id) => disputes.get(id) ?? log.disputeDocOf(id),
    meetingDoc: async (id) => meetings.get(id) ?? log.meetingDoc(id),
    archiveDoc: async (year) => changes.archives?.get(year) ?? log.archiveDoc(year),
    children: async () => changes.children?.children ?? log.children(),
    directory: async () => changes.directory?.entries ?? log.directory(),
    importedPolicies: () => policies?.imported ?? log.importedPolicies(),
    retiredPolicies: () => policies?.retired ?? log.retiredPolicies(),
    calendarDays: () => (policies ? { bankHolidays: policies.bankHolidays, extraClosures: policies.extraClosures } : log.calendarDays()),
    settings: () => changes.settings ?? log.settings(),
  }
}

export interface ApplyReport {
  disputes: number
  children: number
  directory: number
  policies: number
  meetings: number
  retention: number
  settings: boolean
  /** Stored files fetched from the team and stored here. */
  files: number
  /** The colleagues whose changes were merged, by name. */
  from: string[]
}

const teamSettingsOf = (log: Source): TeamSettings => ({ retentionYears: log.settings().retentionYears, attachmentLimitMB: log.settings().attachmentLimitMB ?? null })

/** A cut (how far each other device's changes are applied) as one comparable string. */
const cutKeyOf = (cut: Readonly<Record<string, number>>): string =>
  Object.entries(cut)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([d, n]) => `${d}:${n}`)
    .join(',')

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** What a save changed, as far as the team is concerned. */
interface Told {
  disputeIds: Set<string>
  /** Disputes whose meeting was written. */
  meetings: Set<string>
  /** Archive years written (retention decisions, disposals). */
  archives: Set<string>
  children: boolean
  directory: boolean
  settings: boolean
}

export class TeamBridge {
  private readonly stop: () => void
  /** The merged views last applied (a view the device has not merged again is the same object). */
  private readonly applied = new Map<string, DisputeView>()
  /** How far each other device's changes had been merged at the last apply. */
  private received = new Map<string, number>()
  /** Whether `received` is this session's cut (an apply has run), so a later apply names what is new since. */
  private appliedOnce = false
  /** Disputes whose disposal (merged from an owner's device, or made here) this bridge has applied. */
  private readonly disposedHere = new Set<string>()
  /** Saves kept back until the device has caught up (see `caughtUp`): what they changed. */
  private held: Told | null
  /** Until the first apply after a restart: how far others' changes had been applied before it (`appliedUpTo`). */
  private seenCut: Readonly<Record<string, number>> | null
  /** The cut last stored with the team document, as `${deviceId}:${upTo}` joined (to know when it moved). */
  private cutStored = ''

  constructor(private readonly o: TeamBridgeOptions) {
    this.held = o.caughtUp === false ? { disputeIds: new Set(), meetings: new Set(), archives: new Set(), children: false, directory: false, settings: false } : null
    this.seenCut = o.caughtUp === false ? (o.appliedUpTo ?? null) : null
    this.cutStored = o.appliedUpTo ? cutKeyOf(o.appliedUpTo) : ''
    const document = o.document
    if (document) {
      o.caselog.sealWith(
        (event, changes) => this.sealing(event, changes, document),
        (committed) => this.settled(committed),
      )
      this.stop = () => o.caselog.sealWith(null)
    } else this.stop = o.caselog.onSaved((change) => this.saved(change))
  }

  private get device(): TeamDevice {
    return this.o.currentDevice?.() ?? this.o.device
  }

  /** A write about to commit: tell the team what it changes; the team document to store with it if that sealed anything. */
  private async sealing(event: AuditEventInput, changes: Readonly<Changes>, document: () => TeamDoc | null): Promise<TeamDoc | null> {
    // What this write seals waits for its commit: sent once it has committed, withdrawn should it fail.
    const device = this.device
    this.sealed.push({ device, hold: device.hold(), stored: this.stored })
    if (event.action !== TEAM_APPLIED) {
      const what = {
        disputeIds: new Set((changes.disputes ?? []).map((d) => d.dispute.id)),
        meetings: new Set((changes.meetings ?? []).map((m) => m.meeting.disputeId)),
        archives: new Set(changes.archives?.keys() ?? []),
        children: Boolean(changes.children),
        directory: Boolean(changes.directory),
        settings: auditKindOf(event.action) === 'settings',
      }
      if (this.held) this.hold(what)
      else await this.tell(what, pending(this.o.caselog, changes), changes.files ?? [])
    }
    // Sealed by this write, or by one of the bridge's own steps (taking a draft over) whose audit this is.
    const { seq, docSeq } = this.device.saved()
    const cutMoved = event.action === TEAM_APPLIED && this.cutPending !== null && this.cutPending !== this.cutStored
    if (`${seq}.${docSeq}` === this.stored && !cutMoved) return null
    this.stored = `${seq}.${docSeq}`
    if (cutMoved) this.cutStored = this.cutPending as string
    return document()
  }

  /** This device's position as last stored in the case log with the team document. */
  private stored = ''
  /** The writes sealed and not yet committed (one at a time in practice: the case log's writes are queued). */
  private readonly sealed: { device: TeamDevice; hold: Hold; stored: string }[] = []

  /** The write last sealed committed, or failed: then what it sealed is withdrawn and its position was never stored. */
  private settled(committed: boolean): void {
    const write = this.sealed.shift()
    if (!write) return
    write.device.settle(write.hold, committed)
    if (!committed) this.stored = write.stored
  }

  detach(): void {
    this.stop()
  }

  /** The cut an apply is about to commit (see `onApplied`), while it commits. */
  private cutPending: string | null = null

  /**
   * What a person here saw of a subject: the view last applied here, or — for a save kept back after a restart,
   * before the first apply — the team's view at the cut applied before the restart.
   */
  private seenOf(subject: string): DisputeView | undefined {
    const applied = this.applied.get(subject)
    if (applied || !this.seenCut) return applied
    return this.device.viewAt(subject, this.seenCut)
  }

  private views(): Map<string, DisputeView> {
    return new Map(this.device.state().disputes.map((d) => [d.disputeId, d]))
  }

  private append(actions: TeamAction[]): void {
    // Parsed as a reader will parse them: refused here rather than by every other device.
    if (actions.length > 0) this.device.append(actions.map((a) => TeamAction.parse(a)), this.o.now())
  }

  /**
   * A save here: tell the team what it changed. A dispute is compared with the team's view as last applied
   * here, not with what a sync may have merged since: the person saved without seeing that, so their change is
   * told as made from what they saw, and the merge keeps both (a newer change elsewhere is never written back
   * over by a save made before it was applied).
   */
  async saved(change: SavedChange): Promise<void> {
    if (change.event.action === TEAM_APPLIED) return
    // Policies and the team's settings only on the saves that change them, so that a device that has not yet
    // received the team's settings does not offer its own defaults as a second version of them.
    const what = { disputeIds: new Set(change.disputeIds), meetings: new Set(change.meetings), archives: new Set(change.archives), children: change.children, directory: change.directory, settings: auditKindOf(change.event.action) === 'settings' }
    if (this.held) return this.hold(what)
    await this.tell(what, this.o.caselog)
  }

  private hold(what: Told): void {
    const held = this.held as Told
    for (const id of what.disputeIds) held.disputeIds.add(id)
    for (const id of what.meetings) held.meetings.add(id)
    for (const year of what.archives) held.archives.add(year)
    held.children ||= what.children
    held.directory ||= what.directory
    held.settings ||= what.settings
  }

  private async tell(what: Told, log: Source, pendingFiles: readonly DocumentChange[] = []): Promise<void> {
    const views = this.views()
    const actions: TeamAction[] = []
    for (const id of what.disputeIds) {
      const doc = await log.disputeDocOf(id)
      if (!doc) continue
      actions.push(...disputeActions(doc, views.get(id), this.seenOf(id), this.device.deviceId))
      actions.push(...(await this.fileActionsOf(doc, views, pendingFiles)))
    }
    for (const id of what.meetings) {
      const doc = await log.meetingDoc(id)
      if (doc) actions.push(...meetingActions(id, doc.meeting, views.get(id)?.meeting, this.seenOf(id)?.meeting, this.device.deviceId))
    }
    for (const year of what.archives) actions.push(...this.retentionOf(await log.archiveDoc(year), views))
    const here = {
      ...(what.children ? { children: await log.children() } : {}),
      ...(what.directory ? { directory: await log.directory() } : {}),
      ...(what.settings ? { imported: log.importedPolicies(), retired: log.retiredPolicies(), settings: teamSettingsOf(log), calendar: log.calendarDays() } : {}),
    }
    actions.push(...teamWideActions(here, (s) => views.get(s)?.entity, (s) => this.seenOf(s)?.entity, this.device.deviceId))
    this.append(actions)
  }

  /**
   * Tell the team everything this case log holds that it does not (on joining, or after an interruption).
   * Only once the device holds the team's history (after a sync and an apply), or everything would look new.
   */
  async publishAll(): Promise<void> {
    const log = this.o.caselog
    const views = this.views()
    const actions: TeamAction[] = []
    const ids: string[] = []
    const withFiles: DisputeDoc[] = []
    await log.scanDisputes((doc) => {
      actions.push(...disputeActions(doc, views.get(doc.dispute.id), this.applied.get(doc.dispute.id), this.device.deviceId))
      ids.push(doc.dispute.id)
      if (doc.records.some((r) => (r.files ?? []).length > 0)) withFiles.push(doc)
    })
    for (const doc of withFiles) actions.push(...(await this.fileActionsOf(doc, views, [], false)))
    for (const id of ids) {
      const doc = await log.meetingDoc(id)
      if (doc) actions.push(...meetingActions(id, doc.meeting, views.get(id)?.meeting, this.applied.get(id)?.meeting, this.device.deviceId))
    }
    for (const year of log.archiveYears()) actions.push(...this.retentionOf(await log.archiveDoc(year), views))
    const here = { children: await log.children(), directory: await log.directory(), imported: log.importedPolicies(), retired: log.retiredPolicies(), settings: teamSettingsOf(log), calendar: log.calendarDays() }
    actions.push(...teamWideActions(here, (s) => views.get(s)?.entity, (s) => this.applied.get(s)?.entity, this.device.deviceId))
    this.append(actions)
  }

  /** The team's files not yet stored here, by dispute (bridge-files.ts): fetched again at each apply. */
  private readonly awaited = new Map<string, AwaitedFile[]>()

  /** Files of the dispute here the team lacks, sealed and told; files removed from a draft here, told. */
  private async fileActionsOf(doc: DisputeDoc, views: Map<string, DisputeView>, pendingFiles: readonly DocumentChange[] = [], keep = true): Promise<TeamAction[]> {
    const vault = this.o.vault
    if (!vault || !doc.records.some((r) => (r.files ?? []).length > 0 || views.get(doc.dispute.id)?.records.some((v) => v.recordId === r.id && v.files.length > 0))) return []
    const waiting = new Set((this.awaited.get(doc.dispute.id) ?? []).map((a) => a.eventId))
    const id = doc.dispute.id
    // Files compare with what was applied in this run only: after a restart, a file of the team's not here may be
    // one still to come (which files were awaited is not kept), so it is never told as removed (see *Stored files*).
    return fileActions(doc, views.get(id), this.applied.get(id), this.device, (f, size) => localFileBytes(vault, pendingFiles, f, size), (e) => waiting.has(e), knownParts(views.values()), keep)
  }

  /** The team's files that have not arrived here yet (or arrived damaged), in the words of the team's problems. */
  awaitedFiles(): AwaitedFile[] {
    return [...this.awaited.values()].flat()
  }

  /** The retention decisions (and disposals) of one archive year that the team lacks. */
  private retentionOf(archive: ArchiveDoc, views: Map<string, DisputeView>): TeamAction[] {
    const out: TeamAction[] = []
    for (const [id, entry] of Object.entries(archive.disputes))
      if (entry.retention.length > 0) out.push(...retentionActions(id, entry.retention, undefined, views.get(id)?.retention))
    for (const [id, tombstone] of Object.entries(archive.disposed)) out.push(...retentionActions(id, [], tombstone, views.get(id)?.retention))
    return out
  }

  /** One audit event for something done to the team's copy only; the reason is case content, so it stays in the event. */
  private async audited(disputeId: string, action: string, summary: string): Promise<void> {
    const subject = (await this.o.caselog.disputeDocOf(disputeId))?.dispute.reference
    await this.o.caselog.applyTeam({ disputes: [] }, { action, summary, ...(subject ? { subject } : {}) })
  }

  /** A colleague takes over someone's draft, with a reason (kept as an event, audited here, shown at once). */
  async takeOver(disputeId: string, recordId: string, reason: string): Promise<void> {
    this.append([{ kind: 'draft-taken-over', disputeId, recordId, reason }])
    await this.audited(disputeId, 'record-taken-over', 'Took over a colleague’s draft')
    await this.apply()
  }

  /**
   * A person keeps one of a meeting's versions saved on two devices at once: a new version made from every current
   * one, the parts they changed differently taken from the one kept (`pickedMeeting`). Applied here at once. As for
   * a draft, the pick is its own version even when it equals the one shown meanwhile, or the two would stay.
   */
  async pickMeetingVersion(disputeId: string, version: string): Promise<'picked' | 'not-two' | 'no-such-version'> {
    const meeting = this.views().get(disputeId)?.meeting
    if (!meeting || meeting.signedVersion !== null || meeting.conflictFields.length === 0) return 'not-two'
    const kept = meeting.conflictVersions.find((v) => v.version === version)
    if (!kept) return 'no-such-version'
    const { signOff: _signOff, addenda: _addenda, ...shown } = meeting.meeting
    const picked = pickedMeeting(shown, kept.meeting, meeting.conflictFields)
    this.append([{ kind: 'meeting-saved', disputeId, version: newVersionId(this.device.deviceId), after: meeting.versions, meeting: picked }])
    await this.audited(disputeId, 'meeting-version-picked', 'Kept one of the versions of a meeting saved on two devices at once')
    await this.apply()
    return 'picked'
  }

  /** A colleague sets a draft aside, with a reason: kept, not part of the record (audited here, shown everywhere). */
  async setAside(disputeId: string, recordId: string, reason: string): Promise<void> {
    this.append([{ kind: 'draft-set-aside', disputeId, recordId, reason }])
    await this.audited(disputeId, 'record-set-aside', 'Set a colleague’s draft aside')
    await this.apply()
  }

  /**
   * A person picks one of a draft's versions saved at once (`team.pickDraftVersion`): a new version with its
   * content, made from all the current ones, so the draft has one version again. Applied here at once. Only the
   * draft's author or someone who took it over may (anyone else's save is kept out of the record by the merge).
   */
  async pickVersion(disputeId: string, recordId: string, version: string, personId: string): Promise<'picked' | 'not-two' | 'no-such-version' | 'not-an-owner'> {
    const record = this.views().get(disputeId)?.records.find((r) => r.recordId === recordId)
    if (!record || record.status !== 'draft' || record.current.length < 2) return 'not-two'
    const chosen = record.current.find((v) => v.version === version)
    if (!chosen) return 'no-such-version'
    if (!record.owners.includes(personId)) return 'not-an-owner'
    const local = (await this.o.caselog.disputeDocOf(disputeId))?.records.find((r) => r.id === recordId)
    const after = record.current.map((v) => v.version)
    this.append([{ kind: 'draft-saved', disputeId, recordId, version: newVersionId(this.device.deviceId), after, recordedAt: local?.recordedAt ?? chosen.recordedAt, author: local?.author ?? chosen.author, content: chosen.content }])
    await this.audited(disputeId, 'record-version-picked', 'Picked one of the versions of a draft edited on two devices at once')
    await this.apply()
    return 'picked'
  }

  /** Whoever wrote a draft or took it over, as the team holds it (personIds; empty when the team has no such record). */
  owners(disputeId: string, recordId: string): string[] {
    return this.views().get(disputeId)?.records.find((r) => r.recordId === recordId)?.owners ?? []
  }

  /** A person settles a "needs review": `keep` is the move that stands. Applied here at once. */
  async decideReview(disputeId: string, keep: string, reason: string): Promise<boolean> {
    const view = this.views().get(disputeId)
    // False when this device does not hold the moves (yet: a device unlocked again holds them after its first sync).
    if (!view || view.needsReview.length < 2 || !view.needsReview.some((t) => t.transitionId === keep)) return false
    const transitionId = newVersionId(this.device.deviceId)
    this.append([{ kind: 'review-decided', disputeId, transitionId, keep, after: view.needsReview.map((t) => t.transitionId), reason }])
    await this.apply()
    return true
  }

  /**
   * Write what the merge changed into the case log: one commit, one audit event; nothing when nothing changed.
   * The first apply of a device that was not caught up first tells the team the saves kept back.
   */
  async apply(): Promise<ApplyReport> {
    if (this.held) {
      const held = this.held
      this.held = null
      await this.tell(held, this.o.caselog)
    }
    this.seenCut = null
    const log = this.o.caselog
    await this.applyDisposals(log)
    const views = this.views()
    // Disputes that two devices apart gave one reference: each is told of the others.
    const byReference = new Map<string, string[]>()
    for (const v of views.values()) if (v.content) byReference.set(v.content.reference, [...(byReference.get(v.content.reference) ?? []), v.disputeId])
    const others = (v: DisputeView) => (v.content ? (byReference.get(v.content.reference) ?? []).filter((id) => id !== v.disputeId) : [])
    const fresh = new Set([...views.values()].filter((v) => this.applied.get(v.disputeId) !== v).flatMap((v) => [v.disputeId, ...others(v)]))
    // A dispute with files still to come is looked at again: they may have arrived since.
    for (const id of this.awaited.keys()) if (views.has(id)) fresh.add(id)
    const changed = [...views.values()].filter((v) => fresh.has(v.disputeId))
    const batch: TeamBatch = { disputes: [] }
    const report: ApplyReport = { disputes: 0, children: 0, directory: 0, policies: 0, meetings: 0, retention: 0, settings: false, files: 0, from: [] }

    const children = await log.children()
    const directory = await log.directory()
    for (const v of changed) {
      if (isDisputeSubject(v.disputeId) || !v.entity) continue
      const e = v.entity
      const child = changedEntity(e, children[e.chosen.value.kind === 'child' ? e.chosen.value.child.id : ''], (x) => (x.kind === 'child' ? x.child : undefined))
      if (child) (batch.children ??= {})[child.id] = child
      const entry = changedEntity(e, directory[e.chosen.value.kind === 'directory' ? e.chosen.value.entry.id : ''], (x) => (x.kind === 'directory' ? x.entry : undefined))
      if (entry) (batch.directory ??= {})[entry.id] = entry
      const policy = e.chosen.value.kind === 'policy' ? e.chosen.value.policy : null
      if (policy && !log.importedPolicies().some((p) => p.id === policy.id && p.version === policy.version)) (batch.imported ??= []).push(policy)
      const retired = changedEntity(e, v.disputeId === SUBJECT.retired ? log.retiredPolicies() : undefined, (x) => (x.kind === 'retired' ? x.retired : undefined))
      if (retired) batch.retired = retired
      const settings = changedEntity(e, v.disputeId === SUBJECT.settings ? teamSettingsOf(log) : undefined, (x) => (x.kind === 'settings' ? x.settings : undefined))
      if (settings) batch.settings = { retentionYears: settings.retentionYears, ...(settings.attachmentLimitMB !== null ? { attachmentLimitMB: settings.attachmentLimitMB } : {}) }
      const calendar = changedEntity(e, v.disputeId === SUBJECT.calendar ? log.calendarDays() : undefined, (x) => (x.kind === 'calendar' ? x.calendar : undefined))
      if (calendar) batch.calendar = calendar
    }
    const allChildren = { ...children, ...batch.children }
    const staging = new Set<string>()
    let filesStored = 0
    // A dispute whose stored notes name another as sharing its reference, which no longer does (one of them was
    // given a new reference): looked at again too, so that its note goes.
    const looked = new Set(changed.map((v) => v.disputeId))
    const queue = [...changed]
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i] as DisputeView
      if (!isDisputeSubject(v.disputeId)) continue
      // A dispute disposed of here is never brought back by what colleagues' devices still hold of it.
      if (await log.isDisposed(v.disputeId)) continue
      const local: DisputeDoc | null = await log.disputeDocOf(v.disputeId)
      for (const id of local?.team?.sameReference ?? []) {
        const other = views.get(id)
        if (other && !looked.has(id) && !others(v).includes(id)) {
          looked.add(id)
          queue.push(other)
        }
      }
      let next = appliedDispute(local, v, allChildren, others(v))
      const vault = this.o.vault
      const base = next ?? local
      if (vault && base && v.records.some((r) => r.files.length > 0 || r.filesRemoved.length > 0)) {
        const awaited: AwaitedFile[] = []
        const filed = await applyFiles(base, v, vault, this.device, this.o.nameOf, staging, (a) => void awaited.push(a))
        if (awaited.length > 0) this.awaited.set(v.disputeId, awaited)
        else this.awaited.delete(v.disputeId)
        if (filed) {
          next = filed.doc
          if (filed.changes.length > 0) (batch.files ??= []).push(...filed.changes)
          filesStored += filed.stored
        }
      } else this.awaited.delete(v.disputeId)
      if (next) batch.disputes.push(next)
      // Its meeting, once the dispute itself is here.
      if (v.meeting && (next || local)) {
        const meeting = appliedMeeting(await log.meetingDoc(v.disputeId), v.meeting, this.o.nameOf)
        if (meeting) (batch.meetings ??= []).push(meeting)
      }
      const dispute = next?.dispute ?? local?.dispute
      if (v.retention && dispute && dispute.status !== 'open') {
        const here: RetentionDecision[] = (await log.archiveDoc(v.disputeId.slice(0, 4))).disputes[v.disputeId]?.retention ?? []
        const decisions = appliedRetention(here, v.retention)
        if (decisions) (batch.retention ??= {})[v.disputeId] = decisions
      }
    }
    // A child's new name reaches every dispute here that names the child, not only those the merge changed.
    const placed = new Set(batch.disputes.map((d) => d.dispute.id))
    for (const child of Object.values(batch.children ?? {})) {
      if (children[child.id]?.name === child.name) continue
      for (const dispute of await log.disputesOfChild(child.id)) {
        const doc = placed.has(dispute.id) ? null : await log.disputeDocOf(dispute.id)
        if (!doc) continue
        const childNames = doc.dispute.childIds.flatMap((id) => (Object.hasOwn(allChildren, id) ? [(allChildren[id] as Child).name] : []))
        if (childNames.join('\n') === doc.childNames.join('\n')) continue
        batch.disputes.push({ ...doc, childNames })
        placed.add(dispute.id)
      }
    }
    this.device.noteFileProblems(this.awaitedFiles().map((a) => a.sentence))
    report.disputes = batch.disputes.length
    report.children = Object.keys(batch.children ?? {}).length
    report.directory = Object.keys(batch.directory ?? {}).length
    report.policies = (batch.imported?.length ?? 0) + (batch.retired ? 1 : 0)
    report.meetings = batch.meetings?.length ?? 0
    report.retention = Object.keys(batch.retention ?? {}).length
    report.settings = batch.settings !== undefined || batch.calendar !== undefined
    report.files = filesStored

    const now = new Map(this.device.lastReceived().map((r) => [r.deviceId, r.upTo]))
    const cut = Object.fromEntries([...now].sort(([a], [b]) => (a < b ? -1 : 1)))
    const cutKey = cutKeyOf(cut)
    const fromDevices = [...now].filter(([d, upTo]) => upTo > (this.received.get(d) ?? 0)).map(([d]) => d)
    report.from = [...new Set(fromDevices.map((d) => this.o.nameOf(d) ?? `an unknown device (${d.slice(0, 8)})`))].sort()
    const anything = report.disputes + report.children + report.directory + report.policies + report.meetings + report.retention > 0 || report.settings
    if (anything) {
      const parts = [
        report.disputes && plural(report.disputes, 'dispute', 'disputes'),
        report.children && plural(report.children, 'child', 'children'),
        report.directory && plural(report.directory, 'directory entry', 'directory entries'),
        report.policies && plural(report.policies, 'policy change', 'policy changes'),
        report.meetings && plural(report.meetings, 'meeting', 'meetings'),
        report.retention && `retention decisions on ${plural(report.retention, 'dispute', 'disputes')}`,
        report.settings && 'the team’s settings',
        filesStored && plural(filesStored, 'stored file', 'stored files'),
      ].filter((p): p is string => Boolean(p))
      // Nothing new from any colleague's device: what changed came from this device's own team decisions (a
      // version kept, a reference given): the audit trail must not say it came from colleagues.
      // Each colleague's change named (as many as the summary holds), counted from the cut last applied here —
      // this session's, or the one stored before the restart; not known (a document from before): counts only.
      const base = this.appliedOnce ? Object.fromEntries(this.received) : (this.o.appliedUpTo ?? null)
      const news = base ? this.device.eventsAfter(base) : []
      const head =
        report.from.length > 0
          ? `Changes merged from ${report.from.map((n) => `${n}’s`).join(', ')} device${report.from.length > 1 ? 's' : ''}: ${parts.join(', ')}`
          : `Changes merged on this device from its own team decisions (nothing new from colleagues): ${parts.join(', ')}`
      const summary = withColleaguesChanges(
        head,
        news,
        (e) => this.o.nameOf(e.deviceId) ?? 'A colleague',
        (id) => views.get(id)?.content?.reference ?? null,
      )
      // The cut is stored with the team document in this commit (see `appliedUpTo`); not kept should it fail.
      this.o.onApplied?.(cut)
      this.cutPending = cutKey
      try {
        await log.applyTeam(batch, { action: TEAM_APPLIED, summary })
      } catch (e) {
        this.o.onApplied?.(Object.fromEntries(this.received))
        throw e
      } finally {
        this.cutPending = null
      }
    } else this.o.onApplied?.(cut)
    for (const v of changed) this.applied.set(v.disputeId, v)
    this.received = now
    this.appliedOnce = true
    return report
  }

  /**
   * A disposal merged from an owner's device is applied here as a local disposal is, in the same words: the
   * dispute's documents, files and meeting removed, the tombstone kept in its year's archive, and the audit
   * event `retention-disposed` "Disposed of at review: <reason>". Before anything else of the merge.
   */
  private async applyDisposals(log: CaseLog): Promise<void> {
    for (const d of this.device.disposals()) {
      if (this.disposedHere.has(d.disputeId)) continue
      this.disposedHere.add(d.disputeId)
      this.applied.delete(d.disputeId)
      const doc = isDisputeSubject(d.disputeId) ? await log.disputeDocOf(d.disputeId) : null
      if (!doc) continue
      const reference = doc.dispute.reference
      await log.disposeDispute(
        d.disputeId,
        { reference, at: d.at, by: d.decidedBy, reason: d.reason },
        { action: 'retention-disposed', subject: reference, summary: `Disposed of at review: ${d.reason}` },
      )
    }
  }
}
