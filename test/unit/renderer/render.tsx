import type { ReactNode } from 'react'
import { render } from '@testing-library/react'
import { QueryClientProvider } from '@tanstack/react-query'
import type { Api } from '../../../src/main/api'
import type { WindowApi } from '../../../src/shared/api'
import { connectQueries, makeQueryClient } from '../../../src/renderer/src/lib/queries'
import { UnsavedContactProvider, UnsavedContactStore } from '../../../src/renderer/src/lib/unsaved-contact'

/**
 * jsdom puts its own typed arrays on the global object, so Node's (which a worker's answer and every
 * Buffer are made of) fail `instanceof Uint8Array` in the main process's code that these tests run.
 * Node's own constructor is Buffer's parent class.
 */
globalThis.Uint8Array = Object.getPrototypeOf(Buffer.prototype).constructor as Uint8ArrayConstructor

/**
 * `window.api` bound to a real handler table (the e2e harness does the same over Chromium), so a component
 * test reads and writes a real vault. Returns the channels called, in order.
 */
export function bindWindowApi(api: Api): string[] {
  const called: string[] = []
  const windowApi: WindowApi = {
    invoke: async (channel, input) => {
      called.push(channel)
      const handler = api.handlers[channel] as (i: unknown) => Promise<never>
      return handler(input)
    },
    onEvent: () => () => undefined,
  }
  Object.defineProperty(window, 'api', { value: windowApi, configurable: true })
  return called
}

let disconnectLast = (): void => undefined

/**
 * Renders `ui` inside the providers main.tsx puts around the app: a fresh query client wired as the app
 * wires it (a save invalidates its reads), an unsaved-contact store. Call after bindWindowApi.
 */
export function renderInApp(ui: ReactNode, store = new UnsavedContactStore()) {
  const client = makeQueryClient()
  // The last test's client stops listening: one app, one client.
  disconnectLast()
  disconnectLast = connectQueries(client, window.api)
  const result = render(
    <QueryClientProvider client={client}>
      <UnsavedContactProvider store={store}>{ui}</UnsavedContactProvider>
    </QueryClientProvider>,
  )
  return { ...result, client, store }
}
