import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A counter of login attempts for one client address, one account from one client address, or one account, from its
 * first attempt until `expires_at`. Kept in MongoDB so every instance counts against the same limit. Expired counters
 * are deleted by the limiter (FerretDB has no TTL index).
 */
@Schema({ collection: 'login_attempts', versionKey: false })
export class LoginAttempt {
  /** `client:<client>`, `pair:<email>:<client>` or `account:<email>`; a client is an IPv4 address or IPv6 /64. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Number, required: true, default: 0 })
  count!: number;

  @Prop({ type: Date, required: true })
  expires_at!: Date;
}

export const LoginAttemptSchema = SchemaFactory.createForClass(LoginAttempt);
LoginAttemptSchema.index({ expires_at: 1 });
