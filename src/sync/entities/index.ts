import { activityEntity } from './activity.entity.js';
import { employeeEntity } from './employee.entity.js';
import type { EntityDefinition } from './entity-definition.js';
import { invoiceEntity } from './invoice.entity.js';
import { opportunityEntity } from './opportunity.entity.js';
import { accountEntity, contactEntity } from './partner.entities.js';

/** The seed's six synced entities, in the order a run takes them (people and companies before deals). */
export const ENTITY_DEFINITIONS: EntityDefinition[] = [
  employeeEntity,
  accountEntity,
  contactEntity,
  opportunityEntity,
  invoiceEntity,
  activityEntity,
];
