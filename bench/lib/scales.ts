import { DEFAULT_CHECKPOINT_EVERY } from '../../src/main/store/open'

/** The vaults the bench builds. The ten-year vault is the one the targets are judged on. */

export interface Scale {
  name: 'ten-year' | 'one-year' | 'smoke'
  /** First instant of the history; disputes are opened evenly between this and `now`. */
  start: string
  /** "Today" in the vault: the last event, and the clock the measured saves run from. */
  now: string
  disputes: number
  /** Contact records across all disputes (one dispute always has exactly `packRecords`). */
  records: number
  children: number
  /** Audit events the history holds, before the tail (see `checkpointTail`). */
  auditEvents: number
  /** The dispute measured for the stage-4 pack has this many records. */
  packRecords: number
  /**
   * Measured unlocks of each kind (through the handler table, and through the store and case log without
   * it), each followed by a lock.
   */
  opens: number
  /** Measured saves of each kind (a contact record, an approval). */
  saves: number
}

export const SCALES: Record<Scale['name'], Scale> = {
  'ten-year': {
    name: 'ten-year',
    start: '2018-01-02T09:00:00.000Z',
    now: '2027-12-15T10:00:00.000Z',
    disputes: 5000,
    records: 100_000,
    children: 10_000,
    auditEvents: 300_000,
    packRecords: 200,
    opens: 7,
    saves: 200,
  },
  'one-year': {
    name: 'one-year',
    start: '2026-12-15T09:00:00.000Z',
    now: '2027-12-15T10:00:00.000Z',
    disputes: 500,
    records: 10_000,
    children: 1000,
    auditEvents: 30_000,
    packRecords: 200,
    opens: 7,
    saves: 200,
  },
  smoke: {
    name: 'smoke',
    start: '2027-06-01T09:00:00.000Z',
    now: '2027-12-15T10:00:00.000Z',
    disputes: 20,
    records: 400,
    children: 40,
    auditEvents: 2000,
    packRecords: 30,
    opens: 3,
    saves: 5,
  },
}

export const DEFAULT_SEED = 20_271_215

/** Every measured open is an unlock and a lock: two audit events. */
export const openCycles = (scale: Scale): number => 2 * scale.opens

/**
 * Events after the last checkpoint when the bench first unlocks. The store checkpoints every
 * DEFAULT_CHECKPOINT_EVERY (250) events, so an unlock replays at most 249. Each measured unlock and lock adds
 * two events; the vault is built so that the last measured unlock still has no checkpoint nearer than 247
 * events back: every measured open replays within ~30 events of the worst case.
 */
export const checkpointTail = (scale: Scale): number => DEFAULT_CHECKPOINT_EVERY - 1 - 2 * openCycles(scale)
