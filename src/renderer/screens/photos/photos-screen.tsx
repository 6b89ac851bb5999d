import { Caption1, makeStyles, Title3 } from '@fluentui/react-components';

const useStyles = makeStyles({ root: { padding: '16px 20px' } });

/** The photo import screen's place in the navigation; the photo pipeline (issue 6) fills it. */
export function PhotosScreen() {
  const styles = useStyles();
  return (
    <div className={styles.root} data-testid="photos-screen">
      <Title3 as="h1">Import photos</Title3>
      <Caption1 block>Importing photos from camera cards and USB sticks is coming in the next version.</Caption1>
    </div>
  );
}
