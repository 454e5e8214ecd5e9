import type { ModelSpec } from '../model-types.js';
import { accountMove } from './account-models.js';
import { irModel, resCompany, resCountry, resCurrency, resPartner, resUsers } from './base-models.js';
import { crmLead, crmLostReason, crmStage, crmTag, crmTeam } from './crm-models.js';
import { hrDepartment, hrEmployee } from './hr-models.js';
import { mailActivity, mailActivityType } from './mail-models.js';

/** Every model the fake serves. */
export const MODEL_SPECS: readonly ModelSpec[] = [
  crmLead,
  crmStage,
  crmTeam,
  crmLostReason,
  crmTag,
  resPartner,
  resUsers,
  resCompany,
  resCurrency,
  resCountry,
  hrEmployee,
  hrDepartment,
  accountMove,
  mailActivity,
  mailActivityType,
  irModel,
];
