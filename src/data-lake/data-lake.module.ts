import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DataLakeWriter } from './data-lake-writer.service.js';
import { DataLakeService } from './data-lake.service.js';
import { DataLakeRecord, DataLakeRecordSchema } from './schemas/data-lake-record.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: DataLakeRecord.name, schema: DataLakeRecordSchema }])],
  providers: [DataLakeService, DataLakeWriter],
  exports: [DataLakeService, DataLakeWriter],
})
export class DataLakeModule {}
