export { distanceMetres, type Position, positionOf } from '../../../shared/geo.js';
