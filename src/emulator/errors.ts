/**
 * AWS JSON 1.0 errors as the SDK deserializes them: status code plus `{"__type": "<ns>#<Name>",
 * "Message": …}`. Status codes per the Timestream error reference
 * (https://docs.aws.amazon.com/timestream/latest/developerguide/APITimestreamSpecificErrors.html).
 */
export const TIMESTREAM_ERROR_NAMESPACE = 'com.amazonaws.timestream.v20181101';

const STATUS: Readonly<Record<string, number>> = {
  ValidationException: 400,
  QueryExecutionException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  RejectedRecordsException: 419,
  InvalidEndpointException: 421,
  ThrottlingException: 429,
  ServiceQuotaExceededException: 402,
  InternalServerException: 500,
};

/** An error the emulator answers with; `extra` carries modelled members such as RejectedRecords. */
export class AwsError extends Error {
  readonly status: number;
  constructor(
    readonly type: string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly namespace = TIMESTREAM_ERROR_NAMESPACE,
  ) {
    super(message);
    this.name = type;
    this.status = STATUS[type] ?? 400;
  }

  body(): Record<string, unknown> {
    return { __type: `${this.namespace}#${this.type}`, Message: this.message, message: this.message, ...this.extra };
  }
}

export const validation = (message: string) => new AwsError('ValidationException', message);
export const notFound = (message: string) => new AwsError('ResourceNotFoundException', message);
export const conflict = (message: string) => new AwsError('ConflictException', message);
export const throttled = (message: string) => new AwsError('ThrottlingException', message);

/** What AWS answers for an `x-amz-target` it does not know. */
export function unknownOperation(target: string): AwsError {
  return new AwsError('UnknownOperationException', `Unknown operation ${target}`, {}, 'com.amazon.coral.service');
}
