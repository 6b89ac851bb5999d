import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { AppError } from '../../shared/errors.js';
import { useT } from '../state/i18n/use-t.js';
import { type ErrorContext, officerMessage, technicalDetail } from './officer-message.js';

export interface ErrorNoticeProps {
  readonly error: AppError;
  readonly context?: ErrorContext;
  readonly title?: string;
  readonly intent?: 'error' | 'warning';
  /** One line (the status bar); details still open below. */
  readonly compact?: boolean;
  /** Offers a close button (a notice that stays until the next attempt, like the status bar's). */
  readonly onDismiss?: () => void;
}

/** An error in an officer's words, with the technical detail one click away. */
export function ErrorNotice({ error, context, title, intent = 'error', compact = false, onDismiss }: ErrorNoticeProps) {
  const [open, setOpen] = useState(false);
  const w = useT();
  const { t } = w;
  return (
    <MessageBar
      intent={intent}
      layout={compact && !open ? 'singleline' : 'multiline'}
      data-testid="error-notice"
      data-code={error.code}
    >
      <MessageBarBody>
        {title ? <MessageBarTitle>{title}</MessageBarTitle> : null}
        <span data-testid="error-message">{officerMessage(w, error, context)}</span>
        {open ? (
          <pre style={detailStyle} data-testid="error-detail">
            {technicalDetail(error)}
          </pre>
        ) : null}
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          onDismiss ? (
            <Button
              size="small"
              appearance="transparent"
              icon={<DismissRegular />}
              aria-label={t('common:close')}
              onClick={onDismiss}
              data-testid="error-dismiss"
            />
          ) : undefined
        }
      >
        <Button size="small" appearance="transparent" onClick={() => setOpen(!open)}>
          {open ? t('common:hideDetails') : t('common:details')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

const detailStyle = { whiteSpace: 'pre-wrap', fontSize: 12, margin: '6px 0 0', userSelect: 'text' } as const;
