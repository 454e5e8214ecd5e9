import { Module } from '@nestjs/common';
import { OdooClientFactory } from './odoo-client.factory.js';

/** The Odoo connector: no routes, no collections. */
@Module({
  providers: [OdooClientFactory],
  exports: [OdooClientFactory],
})
export class OdooModule {}
