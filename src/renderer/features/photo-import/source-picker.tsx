import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { FolderOpenRegular } from '@fluentui/react-icons';
import { type DragEvent, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import { useT } from '../../state/i18n/use-t.js';
import { DriveCard } from './drive-card.js';
import { useRemovableDrives } from './use-removable-drives.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '720px' },
  row: { display: 'flex', gap: '8px', alignItems: 'end' },
  grow: { flex: '1 1 auto' },
  drop: {
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '20px',
    textAlign: 'center',
    color: tokens.colorNeutralForeground3,
  },
});

/** Pick what to import: a detected card or stick, a folder (typed, browsed or dropped). */
export function SourcePicker({ onScan, busy }: { readonly onScan: (path: string) => void; readonly busy: boolean }) {
  const styles = useStyles();
  const { t } = useT();
  const api = useApi();
  const drives = useRemovableDrives();
  const [path, setPath] = useState('');
  const scanFolder = (folder: string) => {
    setPath(folder);
    onScan(folder);
  };
  const browse = async () => {
    const chosen = await api.photos.chooseFolder();
    if (chosen.ok && chosen.value) scanFolder(chosen.value);
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    // Only the Electron preload can tell a dropped folder's path; a plain browser cannot.
    const file = e.dataTransfer.files[0];
    const dropped = file ? window.fieldsyncFiles?.pathForFile(file) : undefined;
    if (dropped) scanFolder(dropped);
  };
  return (
    <div className={styles.root}>
      <DriveCard drives={drives} busy={busy} onScan={onScan} />
      <div className={styles.row}>
        <Field className={styles.grow} label={t('photo-import:source.folder')}>
          <Input
            value={path}
            onChange={(_, d) => setPath(d.value)}
            placeholder={t('photo-import:source.example')}
            data-testid="folder-path"
            onKeyDown={(e) => e.key === 'Enter' && path.trim() && onScan(path.trim())}
          />
        </Field>
        <Button icon={<FolderOpenRegular />} onClick={() => void browse()} disabled={busy}>
          {t('photo-import:source.browse')}
        </Button>
        <Button
          appearance="primary"
          disabled={busy || !path.trim()}
          onClick={() => onScan(path.trim())}
          data-testid="scan"
        >
          {t('photo-import:source.scan')}
        </Button>
      </div>
      <section
        className={styles.drop}
        aria-label={t('photo-import:source.dropLabel')}
        onDragOver={(e) => e.preventDefault()}
        onDrop={drop}
      >
        {t('photo-import:source.drop')}
      </section>
    </div>
  );
}
