import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';

/** The app's `data_lake_serving`, through the driver, for tests that look at or change what the sync stored. */
export function lakeOf(app: INestApplicationContext): Collection {
  return app.get<Connection>(getConnectionToken()).db!.collection('data_lake_serving');
}
