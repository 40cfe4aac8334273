/**
 * Each unlocked session's team service (src/main/team/service.ts), kept apart from the team handlers so the
 * lock (vault-handlers.ts) can stop it without importing them.
 */
import type { TeamService } from '../team/service'
import type { Session } from './context'

export const teamServices = new WeakMap<Session, Promise<TeamService>>()

/** At lock: no more syncs for that session. */
export function stopTeam(session: Session): void {
  void teamServices.get(session)?.then(
    (s) => s.stop(),
    () => undefined,
  )
  teamServices.delete(session)
}
