import { FluentProvider } from '@fluentui/react-components';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext } from './api/api-context.js';
import { connectApi } from './api/connect-api.js';
import { App } from './app/app.js';
import { forwardLogs } from './app/forward-logs.js';
import { bootLanguage, takeLanguageOverride } from './state/i18n/boot-language.js';
import { I18nProvider } from './state/i18n/i18n-provider.js';
import { StatusProvider } from './state/status-context.js';
import { useOsTheme } from './state/use-os-theme.js';

/** Fluent's theme, light or dark as the OS is. */
function ThemedApp({ children }: { readonly children: ReactNode }) {
  return (
    <FluentProvider theme={useOsTheme()} style={{ height: '100%' }}>
      {children}
    </FluentProvider>
  );
}

const root = createRoot(document.getElementById('root') as HTMLElement);
const languageOverride = takeLanguageOverride();

connectApi().then(
  async (api) => {
    forwardLogs(api);
    // The first paint is already in the officer's language.
    const language = await bootLanguage(api, languageOverride);
    root.render(
      <StrictMode>
        <ApiContext.Provider value={api}>
          <I18nProvider initial={language}>
            <ThemedApp>
              <StatusProvider>
                <App />
              </StatusProvider>
            </ThemedApp>
          </I18nProvider>
        </ApiContext.Provider>
      </StrictMode>,
    );
  },
  (e: unknown) => {
    root.render(<p style={{ padding: 24, fontFamily: 'sans-serif' }}>{String(e instanceof Error ? e.message : e)}</p>);
  },
);
