/** The agency directory through the handler table. */
import { AppError } from '../../shared/errors'
import type { ChannelInput } from '../../shared/ipc'
import { createEntry, updateEntry } from '../domain/directory'
import { newId, own } from '../caselog'
import { caseLogOf } from './case-session'
import type { Context } from './context'

export const directoryHandlers = {
  'directory.list': async (ctx: Context) =>
    Object.values(await caseLogOf(ctx).log.directory()).sort((a, b) =>
      (a.agency + a.role + a.name).localeCompare(b.agency + b.role + b.name, 'en-GB'),
    ),

  'directory.create': async (ctx: Context, input: ChannelInput<'directory.create'>) => {
    const { log } = caseLogOf(ctx)
    const entry = createEntry(input.entry, { id: newId() })
    await log.saveDirectoryEntry(entry, { action: 'directory-added', subject: entry.agency || entry.name, summary: 'Directory entry added' })
    return entry
  },

  'directory.update': async (ctx: Context, input: ChannelInput<'directory.update'>) => {
    const { log } = caseLogOf(ctx)
    const existing = own(await log.directory(), input.id)
    if (!existing) throw new AppError('directory-not-found', 'That directory entry does not exist.')
    const entry = updateEntry(existing, input.changes)
    await log.saveDirectoryEntry(entry, { action: 'directory-updated', subject: entry.agency || entry.name, summary: 'Directory entry changed' })
    return entry
  },
}
