import type { EntityType, NormalizedFields } from '../../data-lake/lake-record.js';
import type { OdooDomain, OdooRecord } from '../../odoo/odoo.types.js';
import type { OdooUserIdentity } from '../../odoo/odoo-employees.js';

/** What the sync knows at the start of a run that several records need (stage flags, user logins). */
export interface SyncLookups {
  wonStageIds: Set<number>;
  userLogins: Map<number, OdooUserIdentity>;
}

/** How one entity type of the seed maps to an Odoo model. */
export interface EntityDefinition {
  type: EntityType;
  model: string;
  /** Which records of the model are this entity (e.g. companies among partners). */
  domain: OdooDomain;
  /** Fields to read; those this Odoo version lacks are left out (checked with fields_get). */
  fields: string[];
  normalize(record: OdooRecord, lookups: SyncLookups): NormalizedFields;
}
