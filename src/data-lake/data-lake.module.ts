import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DataLakeRecord, DataLakeRecordSchema } from './schemas/data-lake-record.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: DataLakeRecord.name, schema: DataLakeRecordSchema }])],
})
export class DataLakeModule {}
