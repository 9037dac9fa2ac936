package io.watchkeeper.notifier.action;

/** What one run did, in words for the operator. */
public record RunOutcome(RunResult result, String detail) {

    public static RunOutcome done(String detail) {
        return new RunOutcome(RunResult.DONE, detail);
    }

    public static RunOutcome refused(String detail) {
        return new RunOutcome(RunResult.REFUSED, detail);
    }

    public static RunOutcome failed(String detail) {
        return new RunOutcome(RunResult.FAILED, detail);
    }
}
