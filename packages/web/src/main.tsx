// Entry of the web app: the page its path names (pages.ts). MapLibre 6 loads its worker from a URL next to its own module, which a
// bundle does not have: Vite emits the worker as an asset and we tell MapLibre where it went.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { App } from './App.tsx';
import { DashboardPage } from './dashboard/DashboardPage.tsx';
import { I18nProvider } from './i18n.tsx';
import { IndexPage } from './indices/IndexPage.tsx';
import { pageOf } from './pages.ts';

setWorkerUrl(workerUrl);

const PAGE = pageOf(window.location.pathname);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      {PAGE === 'dashboard' ? <DashboardPage /> : PAGE === 'indices' ? <IndexPage /> : <App />}
    </I18nProvider>
  </StrictMode>,
);
