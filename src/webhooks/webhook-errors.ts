/** The error codes of the webhook route (a bad body answers the common VALIDATION_FAILED or UNSUPPORTED_MEDIA_TYPE). */
export const WEBHOOK_ERRORS = ['INVALID_SIGNATURE', 'WEBHOOK_NOT_CONFIGURED'] as const;
