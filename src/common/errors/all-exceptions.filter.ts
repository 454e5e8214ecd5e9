import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';
import { Error as MongooseError } from 'mongoose';
import { ApiException, defaultErrorCode } from './api.exception.js';
import { databaseUnavailable } from './common-errors.js';
import type { ErrorCode } from './error-codes.js';
import type { ErrorResponseDto } from './error-response.dto.js';

/** Answers every failure in the one error shape: the database away is a 503, an unexpected error a plain 500 (logged). */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(thrown: unknown, host: ArgumentsHost): void {
    const exception = isDatabaseUnavailable(thrown) ? this.databaseUnavailable(thrown) : thrown;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toResponse(exception, request);
    const line = `${request.method} ${request.url} -> ${body.status} ${body.code} [${body.request_id}]`;
    if (!(exception instanceof HttpException)) {
      this.logger.error(line, exception instanceof Error ? exception.stack : String(exception));
    } else if (body.status >= 500) {
      this.logger.warn(`${line}: ${body.message}`);
    }
    if (exception instanceof ApiException) void reply.headers(exception.headers);
    void reply.status(body.status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  /** A 503 in the one shape; the driver's message (hosts, ports) stays in the log. */
  private databaseUnavailable(error: Error): ApiException {
    this.logger.warn(`Database unavailable: ${error.message}`);
    return databaseUnavailable();
  }

  private toResponse(exception: unknown, request: FastifyRequest): ErrorResponseDto {
    const request_id = String(request.id);
    if (exception instanceof ApiException) {
      const { code, details, context } = exception;
      return { status: exception.getStatus(), code, message: exception.message, details, context, request_id };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, code: codeOf(exception, status), message: messageOf(exception), request_id };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
      request_id,
    };
  }
}

/** The database server is down or unreachable: the request may well succeed again shortly. */
function isDatabaseUnavailable(error: unknown): error is Error {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError ||
    (error instanceof MongooseError && (error.name === 'MongooseServerSelectionError' || /buffering timed out/.test(error.message)))
  );
}

/** Fastify's own errors (bad JSON, body too large) arrive wrapped, with their code in `cause`. */
function codeOf(exception: HttpException, status: number): ErrorCode {
  const cause = exception.cause as { code?: string } | undefined;
  if (cause?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || exception.cause instanceof SyntaxError) return 'INVALID_JSON';
  return defaultErrorCode(status);
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}
