import { type DeploymentProfile, generateDeployment } from '../../../src/shared/fixtures/index.js';

export type FixtureRecord = { id: string } & Record<string, unknown>;

/**
 * The fixture generator's records of a profile, by type and in generation order, with lookups by id:
 * what the report and export tests compute their expected figures from, in plain TypeScript and without
 * the store's SQL.
 */
export interface FixtureRecords {
  readonly of: (entity: string) => readonly FixtureRecord[];
  readonly byId: (entity: string, id: string) => FixtureRecord;
  /** Children of `parentId` of type `entity` through reference `field`, in generation order. */
  readonly children: (entity: string, field: string, parentId: string) => readonly FixtureRecord[];
}

export function fixtureRecords(profile: DeploymentProfile): FixtureRecords {
  const lists = new Map<string, FixtureRecord[]>();
  for (const batch of generateDeployment({ profile })) {
    const list = lists.get(batch.entity) ?? [];
    list.push(...(batch.records as FixtureRecord[]));
    lists.set(batch.entity, list);
  }
  const ids = new Map<string, Map<string, FixtureRecord>>();
  const childIndex = new Map<string, Map<string, FixtureRecord[]>>();
  const of = (entity: string) => lists.get(entity) ?? [];
  return {
    of,
    byId(entity, id) {
      let index = ids.get(entity);
      if (!index) {
        index = new Map(of(entity).map((r) => [r.id, r]));
        ids.set(entity, index);
      }
      const record = index.get(id);
      if (!record) throw new Error(`no ${entity} ${id} in the fixtures`);
      return record;
    },
    children(entity, field, parentId) {
      const key = `${entity}.${field}`;
      let index = childIndex.get(key);
      if (!index) {
        index = new Map();
        for (const record of of(entity)) {
          const parent = String(record[field]);
          const list = index.get(parent) ?? [];
          list.push(record);
          index.set(parent, list);
        }
        childIndex.set(key, index);
      }
      return index.get(parentId) ?? [];
    },
  };
}
