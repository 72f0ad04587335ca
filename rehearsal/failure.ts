/** Why an export or import fails, as its FailureCode and FailureMessage say. */
export interface Failure {
  code: string;
  message: string;
}
