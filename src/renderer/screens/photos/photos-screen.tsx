/** The photo import screen lives in its feature folder (issue 6). */
export { ImportPhotosScreen as PhotosScreen } from '../../features/photo-import/import-photos-screen.js';
