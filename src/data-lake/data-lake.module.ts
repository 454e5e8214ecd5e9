import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DataLakeService } from './data-lake.service.js';
import { DataLakeRecord, DataLakeRecordSchema } from './schemas/data-lake-record.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: DataLakeRecord.name, schema: DataLakeRecordSchema }])],
  providers: [DataLakeService],
  exports: [DataLakeService],
})
export class DataLakeModule {}
