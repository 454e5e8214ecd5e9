import { setTimeout as sleep } from 'node:timers/promises';
import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { KeyedSerializer } from '../../common/concurrency/keyed-serializer.js';
import { ApiException } from '../../common/errors/api.exception.js';
import type { EnvironmentVariables } from '../../config/environment.js';
import { loginClientOf } from './client-address.js';
import { LoginAttempt } from './schemas/login-attempt.schema.js';

/** The account-wide delay: the first attempt past the free failures waits this long, each next one twice as long... */
const FIRST_DELAY_MS = 250;
/** ...up to this: slow enough to hinder guessing from many addresses, short enough for the owner to sign in. */
export const MAX_ACCOUNT_DELAY_MS = 3000;

/** How long the attempt that brings an account's failures in this window to `failures` waits. */
export function accountDelayMs(failures: number, freeFailures: number): number {
  const excess = failures - freeFailures;
  return excess <= 0 ? 0 : Math.min(MAX_ACCOUNT_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(excess - 1, 16));
}

class TooManyLoginAttemptsException extends ApiException {
  constructor(retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'TOO_MANY_LOGIN_ATTEMPTS', 'Too many login attempts; try again later', {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/**
 * Limits password attempts (login, change-password), shared by every instance through MongoDB, so that nobody can lock
 * an account they do not sign in from. Each counter runs for LOGIN_WINDOW_SECONDS from its first attempt; a client is
 * an IPv4 address or an IPv6 /64 network (loginClientOf):
 * - per client address, every attempt: past LOGIN_MAX_ATTEMPTS_PER_CLIENT the client gets 429;
 * - per account and client address, failures since that client's last success: past LOGIN_MAX_FAILURES_PER_ACCOUNT
 *   that client gets 429 on that account, and only that client;
 * - per account, failures from all clients: past LOGIN_MAX_FAILURES_PER_ACCOUNT every attempt on the account waits,
 *   doubling up to MAX_ACCOUNT_DELAY_MS, but is never refused.
 * Unknown emails are counted the same way, so the answers tell nothing about which accounts exist.
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
   * Counts this attempt before the password is checked, so that parallel guesses cannot all pass a check made before
   * any of them failed; throws 429 over the client's or the client's account limit, else waits the account's delay.
   * recordSuccess takes a success back out of the counts, so they count failures.
   */
  async admit(clientIp: string, email: string): Promise<void> {
    const client = await this.increment(clientKey(clientIp));
    if (client.count > this.maxPerClient) throw tooManyUntil(client.expires_at);
    const pair = await this.increment(pairKey(email, clientIp));
    if (pair.count > this.maxFailuresPerAccount) throw tooManyUntil(pair.expires_at);
    const account = await this.increment(accountKey(email));
    await sleep(accountDelayMs(account.count, this.maxFailuresPerAccount));
  }

  /** The right password: the client's failures on the account are forgiven, and this attempt was not a failure. */
  async recordSuccess(clientIp: string, email: string): Promise<void> {
    const pair = pairKey(email, clientIp);
    await this.serializer.run(pair, () => this.attempts.deleteOne({ _id: pair }).exec());
    const account = accountKey(email);
    await this.serializer.run(account, () =>
      this.attempts.updateOne({ _id: account, count: { $gt: 0 } }, { $inc: { count: -1 } }).exec(),
    );
    await this.attempts.deleteMany({ expires_at: { $lte: new Date() } }).exec();
  }

  private increment(key: string): Promise<Pick<LoginAttempt, 'count' | 'expires_at'>> {
    return this.serializer.run(key, async () => {
      // A counter whose window has passed starts again (FerretDB has no TTL index to remove it).
      await this.attempts.deleteOne({ _id: key, expires_at: { $lte: new Date() } }).exec();
      return this.count(key);
    });
  }

  private async count(key: string, retried = false): Promise<Pick<LoginAttempt, 'count' | 'expires_at'>> {
    try {
      return await this.attempts
        .findOneAndUpdate(
          { _id: key },
          { $inc: { count: 1 }, $setOnInsert: { expires_at: new Date(Date.now() + this.windowMs) } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean()
        .exec();
    } catch (error) {
      // Two first attempts race to insert the counter; the loser just counts again.
      if ((error as { code?: number }).code === 11000 && !retried) return this.count(key, true);
      throw error;
    }
  }
}

function tooManyUntil(end: Date): TooManyLoginAttemptsException {
  return new TooManyLoginAttemptsException(Math.max(1, Math.ceil((end.getTime() - Date.now()) / 1000)));
}

const clientKey = (clientIp: string) => `client:${loginClientOf(clientIp)}`;
const pairKey = (email: string, clientIp: string) => `pair:${email}:${loginClientOf(clientIp)}`;
const accountKey = (email: string) => `account:${email}`;
