import { HttpStatus } from '@nestjs/common';
import { ApiException } from './api.exception.js';

/** 400: a range whose lower bound is above its upper bound; `names` are the fields, as the caller sent them. */
export function invalidRange(names: string): ApiException {
  return new ApiException(HttpStatus.BAD_REQUEST, 'INVALID_RANGE', `${names}: the lower bound is above the upper bound`);
}

/** 503: the database does not answer. What the driver said (hosts, ports) stays out of the response. */
export function databaseUnavailable(): ApiException {
  return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, 'DATABASE_UNAVAILABLE', 'The database does not answer');
}
