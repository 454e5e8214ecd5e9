import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A fixed-window counter of login attempts for one client address or one account. Kept in MongoDB so every
 * instance counts against the same limit. Expired windows are deleted by the limiter (FerretDB has no TTL index).
 */
@Schema({ collection: 'login_attempts', versionKey: false })
export class LoginAttempt {
  /** `client:<ip>:<window>` or `account:<email>:<window>`. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Number, required: true, default: 0 })
  count!: number;

  @Prop({ type: Date, required: true })
  expires_at!: Date;
}

export const LoginAttemptSchema = SchemaFactory.createForClass(LoginAttempt);
LoginAttemptSchema.index({ expires_at: 1 });
