/** The agency directory through the handler table. */
import type { ChannelInput } from '../../shared/ipc'
import { createEntry } from '../domain/directory'
import { newId } from '../caselog'
import { caseLogOf } from './case-session'
import type { Context } from './context'
import { listDirectory, updateDirectoryEntry } from './policy-handlers'

export const directoryHandlers = {
  'directory.list': listDirectory,

  'directory.create': async (ctx: Context, input: ChannelInput<'directory.create'>) => {
    const { log } = caseLogOf(ctx)
    const entry = createEntry(input.entry, { id: newId() })
    await log.saveDirectoryEntry(entry, { action: 'directory-added', subject: entry.agency || entry.name, summary: 'Directory entry added' })
    return entry
  },

  'directory.update': updateDirectoryEntry,
}
