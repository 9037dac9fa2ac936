package io.watchkeeper.platform.labels;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * A map of labels (or annotations) a request may carry: at most {@link #max()} entries, names of 1 to 128
 * characters, values present and at most {@link #valueLength()} characters. The contracts bound the labels of every
 * event (libs/contracts README); what a request adds has to leave room for the labels the service adds to it.
 */
@Documented
@Constraint(validatedBy = LabelSet.Check.class)
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
public @interface LabelSet {

    int max() default 32;

    int valueLength() default 1024;

    String message() default "at most {max} entries, names of 1 to 128 characters, values of at most {valueLength}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<LabelSet, Map<String, String>> {

        private int max;
        private int valueLength;

        @Override
        public void initialize(LabelSet bounds) {
            this.max = bounds.max();
            this.valueLength = bounds.valueLength();
        }

        @Override
        public boolean isValid(Map<String, String> labels, ConstraintValidatorContext context) {
            return labels == null
                    || labels.size() <= max
                            && labels.entrySet().stream()
                                    .allMatch(e -> e.getKey() != null
                                            && !e.getKey().isEmpty()
                                            && e.getKey().length() <= 128
                                            && e.getValue() != null
                                            && e.getValue().length() <= valueLength);
        }
    }
}
