import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import { chooseApi } from './api/choose-api.js'
import { chooseEvents } from './api/vault-events.js'
import './styles.css'

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={chooseApi(window.mevault)} events={chooseEvents(window.mevaultEvents)} />
    </StrictMode>
  )
}
