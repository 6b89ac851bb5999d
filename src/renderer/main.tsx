import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext } from './api/api-context.js';
import { connectApi } from './api/connect-api.js';
import { App } from './app/app.js';
import { forwardLogs } from './app/forward-logs.js';
import { StatusProvider } from './state/status-context.js';

const root = createRoot(document.getElementById('root') as HTMLElement);

connectApi().then(
  (api) => {
    forwardLogs(api);
    root.render(
      <StrictMode>
        <ApiContext.Provider value={api}>
          <FluentProvider theme={webLightTheme} style={{ height: '100%' }}>
            <StatusProvider>
              <App />
            </StatusProvider>
          </FluentProvider>
        </ApiContext.Provider>
      </StrictMode>,
    );
  },
  (e: unknown) => {
    root.render(<p style={{ padding: 24, fontFamily: 'sans-serif' }}>{String(e instanceof Error ? e.message : e)}</p>);
  },
);
