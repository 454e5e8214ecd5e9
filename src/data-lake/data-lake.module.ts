import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DataLakeWriter } from './data-lake-writer.service.js';
import { DataLakeService } from './data-lake.service.js';
import { LakeReader } from './lake-reader.service.js';
import { ReadLimiter } from './read-limiter.js';
import { DataLakeRecord, DataLakeRecordSchema } from './schemas/data-lake-record.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: DataLakeRecord.name, schema: DataLakeRecordSchema }])],
  providers: [DataLakeService, DataLakeWriter, ReadLimiter, LakeReader],
  exports: [DataLakeService, DataLakeWriter, ReadLimiter, LakeReader],
})
export class DataLakeModule {}
