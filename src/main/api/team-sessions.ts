/**
 * Each unlocked session's team service (src/main/team/service.ts) and the bridge that ties it to the case log
 * (team-wire.ts), kept apart from the team handlers so the lock (vault-handlers.ts) can stop both without
 * importing them.
 */
import type { TeamBridge } from '../team/bridge'
import type { TeamService } from '../team/service'
import type { Session } from './context'

export const teamServices = new WeakMap<Session, Promise<TeamService>>()
export const teamBridges = new WeakMap<Session, TeamBridge>()

/** At lock: no more syncs for that session, and its saves no longer told to the team. */
export function stopTeam(session: Session): void {
  teamBridges.get(session)?.detach()
  teamBridges.delete(session)
  void teamServices.get(session)?.then(
    (s) => s.stop(),
    () => undefined,
  )
  teamServices.delete(session)
}
