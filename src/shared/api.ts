import type { Channel, ChannelInput, ChannelOutput } from './ipc'
import type { Result } from './errors'
import type { AppEvent } from './channels'

/** What the preload puts on `window.api`, and what the e2e harness supplies in its place. */
export interface WindowApi {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>
  onEvent(listener: (event: AppEvent) => void): () => void
}
