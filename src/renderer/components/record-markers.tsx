import { Badge, Tooltip } from '@fluentui/react-components';
import { ArrowUploadRegular, BranchForkRegular } from '@fluentui/react-icons';

/** Marks a record with local edits not yet on the server, and one with an open conflict. */
export function RecordMarkers({ pending, conflicted }: { readonly pending: boolean; readonly conflicted: boolean }) {
  return (
    <>
      {pending ? (
        <Tooltip content="Changed on this computer; not yet on the server" relationship="label">
          <Badge
            size="small"
            appearance="tint"
            color="warning"
            icon={<ArrowUploadRegular />}
            data-testid="marker-pending"
          >
            Unsynced
          </Badge>
        </Tooltip>
      ) : null}
      {conflicted ? (
        <Tooltip content="Changed elsewhere at the same time: see Conflicts" relationship="label">
          <Badge
            size="small"
            appearance="tint"
            color="danger"
            icon={<BranchForkRegular />}
            data-testid="marker-conflict"
          >
            Conflict
          </Badge>
        </Tooltip>
      ) : null}
    </>
  );
}
