import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { KeyedSerializer } from '../../common/concurrency/keyed-serializer.js';
import { ApiException } from '../../common/errors/api.exception.js';
import type { EnvironmentVariables } from '../../config/environment.js';
import { LoginAttempt } from './schemas/login-attempt.schema.js';

export class TooManyLoginAttemptsException extends ApiException {
  constructor(retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'TOO_MANY_LOGIN_ATTEMPTS', 'Too many login attempts; try again later', {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/**
 * Limits login attempts per client address (all attempts) and per account (failed ones), in fixed windows of
 * LOGIN_WINDOW_SECONDS, shared by every instance through MongoDB.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly windowMs: number;
  private readonly maxPerClient: number;
  private readonly maxFailuresPerAccount: number;
  private readonly serializer = new KeyedSerializer();

  constructor(
    @InjectModel(LoginAttempt.name) private readonly attempts: Model<LoginAttempt>,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.windowMs = config.get('LOGIN_WINDOW_SECONDS', { infer: true }) * 1000;
    this.maxPerClient = config.get('LOGIN_MAX_ATTEMPTS_PER_CLIENT', { infer: true });
    this.maxFailuresPerAccount = config.get('LOGIN_MAX_FAILURES_PER_ACCOUNT', { infer: true });
  }

  /**
   * Counts this attempt against the client and the account before the password is checked, so that parallel
   * guesses cannot all pass a check made before any of them failed; throws 429 over either limit. A success
   * clears the account's count (recordSuccess), so the account limit counts failures since the last success.
   */
  async admit(clientIp: string, email: string): Promise<void> {
    const window = this.currentWindow();
    const client = await this.increment(`client:${clientIp}:${window.index}`, window.end);
    const account = await this.increment(`account:${email}:${window.index}`, window.end);
    if (client > this.maxPerClient || account > this.maxFailuresPerAccount) {
      throw new TooManyLoginAttemptsException(Math.ceil((window.end.getTime() - Date.now()) / 1000));
    }
  }

  async recordSuccess(email: string): Promise<void> {
    await this.attempts.deleteOne({ _id: `account:${email}:${this.currentWindow().index}` }).exec();
    await this.attempts.deleteMany({ expires_at: { $lt: new Date() } }).exec();
  }

  private currentWindow(): { index: number; end: Date } {
    const index = Math.floor(Date.now() / this.windowMs);
    return { index, end: new Date((index + 1) * this.windowMs) };
  }

  private increment(key: string, expiresAt: Date): Promise<number> {
    return this.serializer.run(key, () => this.count(key, expiresAt));
  }

  private async count(key: string, expiresAt: Date, retried = false): Promise<number> {
    try {
      return await this.upsertCount(key, expiresAt);
    } catch (error) {
      // Two first attempts in the same window race to insert the counter; the loser just counts again.
      if ((error as { code?: number }).code === 11000 && !retried) return this.count(key, expiresAt, true);
      throw error;
    }
  }

  private async upsertCount(key: string, expiresAt: Date): Promise<number> {
    const counter = await this.attempts
      .findOneAndUpdate(
        { _id: key },
        { $inc: { count: 1 }, $setOnInsert: { expires_at: expiresAt } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean()
      .exec();
    return counter.count;
  }
}
