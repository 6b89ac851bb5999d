import { type Theme, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { useEffect, useState } from 'react';

const DARK = '(prefers-color-scheme: dark)';

/** Fluent's light or dark theme, following the OS setting as it changes (no restart). */
export function useOsTheme(): Theme {
  const [dark, setDark] = useState(() => window.matchMedia(DARK).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK);
    const follow = (event: MediaQueryListEvent): void => setDark(event.matches);
    setDark(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  return dark ? webDarkTheme : webLightTheme;
}
