import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DataLakeModule } from '../data-lake/data-lake.module.js';
import { OdooLinkService } from './odoo-link.service.js';
import { PasswordService } from './passwords/password.service.js';
import { User, UserSchema } from './schemas/user.schema.js';
import { UserAdminService } from './user-admin.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: User.name, schema: UserSchema }]), DataLakeModule],
  controllers: [UsersController],
  providers: [UsersService, OdooLinkService, PasswordService, UserAdminService],
  exports: [UsersService, OdooLinkService, PasswordService],
})
export class UsersModule {}
