// IAM's error codes with the HTTP status AWS uses for each.

export const ERROR_STATUS = {
  NoSuchEntity: 404,
  EntityAlreadyExists: 409,
  DeleteConflict: 409,
  LimitExceeded: 409,
  EntityTemporarilyUnmodifiable: 409,
  MalformedPolicyDocument: 400,
  ValidationError: 400,
  InvalidInput: 400,
  InvalidAction: 400,
  InvalidParameterValue: 400,
  MissingParameter: 400,
  UnmodifiableEntity: 400,
  Throttling: 400,
  ServiceFailure: 500,
  ServiceUnavailable: 503,
  AccessDenied: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  IncompleteSignature: 400,
  MissingAuthenticationToken: 403,
  ExpiredToken: 400,
  PasswordPolicyViolation: 400,
  InvalidAuthenticationCode: 403,
  ReportInProgress: 404,
  ReportNotPresent: 410,
  ReportExpired: 410,
  MalformedCertificate: 400,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class IamError extends Error {
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
    this.type = this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

export const noSuchEntity = (message: string): IamError => new IamError('NoSuchEntity', message);
export const alreadyExists = (message: string): IamError => new IamError('EntityAlreadyExists', message);
export const deleteConflict = (message: string): IamError => new IamError('DeleteConflict', message);
export const limitExceeded = (message: string): IamError => new IamError('LimitExceeded', message);
export const malformed = (message: string): IamError => new IamError('MalformedPolicyDocument', message);
export const validation = (message: string): IamError => new IamError('ValidationError', message);
export const invalidInput = (message: string): IamError => new IamError('InvalidInput', message);
