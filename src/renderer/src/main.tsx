import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClientProvider } from '@tanstack/react-query'
import './styles.css'
import { App } from './App'
import { connectQueries, makeQueryClient } from './lib/queries'
import { UnsavedContactProvider } from './lib/unsaved-contact'

const queryClient = makeQueryClient()
connectQueries(queryClient, window.api)

const root = document.getElementById('root')
if (root)
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <UnsavedContactProvider>
          <App />
        </UnsavedContactProvider>
      </QueryClientProvider>
    </StrictMode>,
  )
