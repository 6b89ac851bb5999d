import { Button, Caption1, Card, Field, Input, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { FolderOpenRegular, UsbStickRegular } from '@fluentui/react-icons';
import { type DragEvent, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { removableDriveSchema } from '../../../shared/ipc/schemas/photos.js';
import { useApi } from '../../api/api-context.js';

type Drive = z.infer<typeof removableDriveSchema>;

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
  drives: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
});

/** How often the screen looks for cards being inserted (drivelist has no change events). */
const DRIVE_POLL_MS = 3000;

/** Pick what to import: a detected card or stick, a folder (typed, browsed or dropped). */
export function SourcePicker({ onScan, busy }: { readonly onScan: (path: string) => void; readonly busy: boolean }) {
  const styles = useStyles();
  const api = useApi();
  const [path, setPath] = useState('');
  const [drives, setDrives] = useState<Drive[]>([]);
  useEffect(() => {
    let live = true;
    const poll = () =>
      void api.photos.drives().then((r) => {
        if (live && r.ok) setDrives(r.value);
      });
    poll();
    const timer = setInterval(poll, DRIVE_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);
  const browse = async () => {
    const chosen = await api.photos.chooseFolder();
    if (chosen.ok && chosen.value) {
      setPath(chosen.value);
      onScan(chosen.value);
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    // Only the Electron preload can tell a dropped folder's path; a plain browser cannot.
    const file = e.dataTransfer.files[0];
    const dropped = file ? window.fieldsyncFiles?.pathForFile(file) : undefined;
    if (dropped) {
      setPath(dropped);
      onScan(dropped);
    }
  };
  return (
    <div className={styles.root}>
      <Card>
        <Subtitle2>Cards and USB sticks</Subtitle2>
        {drives.length === 0 ? (
          <Caption1 data-testid="no-drives">No card or USB stick found. Insert one; it appears here.</Caption1>
        ) : (
          <div className={styles.drives} data-testid="drives">
            {drives.flatMap((d) =>
              d.mountpoints.map((m) => (
                <Button key={m} icon={<UsbStickRegular />} disabled={busy} onClick={() => onScan(m)}>
                  {d.label ?? d.description} ({m})
                </Button>
              )),
            )}
          </div>
        )}
      </Card>
      <div className={styles.row}>
        <Field className={styles.grow} label="Folder">
          <Input
            value={path}
            onChange={(_, d) => setPath(d.value)}
            placeholder="E:\DCIM"
            data-testid="folder-path"
            onKeyDown={(e) => e.key === 'Enter' && path.trim() && onScan(path.trim())}
          />
        </Field>
        <Button icon={<FolderOpenRegular />} onClick={() => void browse()} disabled={busy}>
          Browse…
        </Button>
        <Button
          appearance="primary"
          disabled={busy || !path.trim()}
          onClick={() => onScan(path.trim())}
          data-testid="scan"
        >
          Scan
        </Button>
      </div>
      <section
        className={styles.drop}
        aria-label="Drop a folder here"
        onDragOver={(e) => e.preventDefault()}
        onDrop={drop}
      >
        Or drop a folder here
      </section>
    </div>
  );
}
