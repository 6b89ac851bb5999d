import { Card, CardHeader, makeStyles, Subtitle2 } from '@fluentui/react-components';
import type { ReactElement, ReactNode } from 'react';
import type { Result } from '../../../shared/errors.js';
import type { Settings } from '../../../shared/ipc/schemas/settings.js';

const useStyles = makeStyles({
  // Never squeezed by the screen's column: the screen scrolls instead.
  card: { maxWidth: '720px', flexShrink: 0 },
  row: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
});

/**
 * Runs one call for a settings card: clears the screen's error first, reports a failure at the top of
 * the screen, and hands a success to `done`.
 */
export type RunCall = <T>(call: () => Promise<Result<T>>, done: (value: T) => void) => Promise<void>;

/** What a card that saves settings is given: the current settings, the screen's runner, and where saved ones go. */
export interface SettingsCardProps {
  readonly settings: Settings;
  readonly run: RunCall;
  readonly onSaved: (settings: Settings) => void;
}

/** One group of settings: a titled card of the screen's width. */
export function SettingsCard({
  title,
  description,
  children,
}: {
  readonly title: string;
  readonly description?: ReactElement;
  readonly children: ReactNode;
}) {
  const styles = useStyles();
  return (
    <Card className={styles.card}>
      <CardHeader header={<Subtitle2>{title}</Subtitle2>} description={description} />
      {children}
    </Card>
  );
}

/** Controls side by side inside a settings card, wrapping on a narrow window. */
export function SettingsRow({ children }: { readonly children: ReactNode }) {
  return <div className={useStyles().row}>{children}</div>;
}
