import { declaredEntities } from './entities/index.js';
import { createEntityGraph } from './entity/entity-graph.js';

/** The application's entity graph: the declarations in topological order with lookups. */
export const entityGraph = createEntityGraph(declaredEntities);
