export class DatabaseHealthDto {
  /** @example "up" */
  status!: 'up';
  /** Round-trip time of a ping to the database, in milliseconds. @example 1.42 */
  round_trip_ms!: number;
}

export class HealthDto {
  /** @example "ok" */
  status!: 'ok';
  database!: DatabaseHealthDto;
}
