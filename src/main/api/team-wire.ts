/**
 * The team service wired to the case log (docs/team-vault.md, "The wiring"): while a session's team service
 * runs, a `TeamBridge` on its device tells the team of every save in that save's own commit (with the team
 * document), and every sync that brought news is applied to the case log inside the handler table's
 * one-at-a-time queue, so that no handler reads a dispute before an apply and writes it back after.
 */
import type { TeamDoc } from '../caselog/documents'
import { TeamBridge } from '../team/bridge'
import type { TeamService } from '../team/service'
import type { Context, Session } from './context'
import { teamBridges } from './team-sessions'

function newBridge(ctx: Context, session: Session, service: TeamService, caughtUp: boolean): TeamBridge | null {
  const device = service.device
  if (!device) return null
  teamBridges.get(session)?.detach()
  const bridge = new TeamBridge({
    caselog: session.caselog,
    device,
    currentDevice: () => service.device,
    nameOf: (deviceId) => service.nameOfDevice(deviceId),
    now: ctx.now,
    caughtUp,
    appliedUpTo: service.appliedUpTo(),
    onApplied: (cut) => service.noteApplied(cut),
    document: (): TeamDoc | null => service.currentDocument(),
    vault: session.vault,
  })
  teamBridges.set(session, bridge)
  return bridge
}

/** Merged changes written into the case log; call only from inside the queue. */
export async function applyMerged(session: Session): Promise<void> {
  if (session.vault.locked) return
  await teamBridges.get(session)?.apply()
}

/**
 * At start (unlock): a device resumed from its saved position holds only its unsent files until its first
 * sync, so its saves are kept back until then (`caughtUp: false`). Each sync that brought news is applied in
 * the queue.
 */
export function wireTeam(ctx: Context, session: Session, service: TeamService): void {
  newBridge(ctx, session, service, false)
  service.onMerged(() => {
    void ctx.inQueue(() => applyMerged(session)).catch(() => undefined)
  })
}

/**
 * After setting up or joining (inside the queue): a new bridge on the new device, the team's history applied,
 * then everything this case log already held offered to the team, in one audited commit with the team document.
 */
export async function startPublishing(ctx: Context, session: Session, service: TeamService): Promise<void> {
  const bridge = newBridge(ctx, session, service, true)
  if (!bridge) return
  await bridge.apply()
  await bridge.publishAll()
  const doc = service.currentDocument()
  if (doc)
    await session.caselog.saveTeam(doc, {
      action: 'team-log-offered',
      summary: 'Offered this vault’s disputes, children, directory, policies and team settings to the team vault',
    })
  void service.syncNow()
}
