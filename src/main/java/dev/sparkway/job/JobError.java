package dev.sparkway.job;

/**
 * Why a job did not succeed.
 *
 * @param type a stable word clients can branch on, see {@link JobErrorType}
 * @param message the root cause in words a person can act on, never a stack trace
 */
public record JobError(JobErrorType type, String message) {

}
