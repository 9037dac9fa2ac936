package io.watchkeeper.contracts.cloudevents;

/**
 * A message that breaks the contract: not JSON, not a CloudEvent, an unknown or unexpected type, or
 * data failing its JSON Schema. The message is the reason that goes into the dead-letter header.
 */
public class ContractViolation extends RuntimeException {

    public ContractViolation(String reason) {
        super(reason);
    }

    public ContractViolation(String reason, Throwable cause) {
        super(reason, cause);
    }
}
