package io.watchkeeper.contracts.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The numbers every contract allows: at most {@value #MAX_INTEGER_DIGITS} digits before the decimal point and
 * {@value #MAX_FRACTION_DIGITS} after it (trailing zeros not counted). Enough for any balance, bill, meter or
 * token count, and small enough that sums, averages and rates over a window can never overflow — JSON itself has
 * no bound, and {@code 1e999999999} is a valid JSON number that no computation survives.
 */
public final class NumberBounds {

    public static final int MAX_INTEGER_DIGITS = 18;
    public static final int MAX_FRACTION_DIGITS = 24;

    private NumberBounds() {}

    /** Why {@code value} is out of bounds, or null when it is within them. */
    public static String check(BigDecimal value) {
        if (value == null || value.signum() == 0) {
            return null;
        }
        // precision - scale = digits before the point (negative when the number is below 0.1): cheap on any exponent
        if ((long) value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            return "number out of range: at most " + MAX_INTEGER_DIGITS + " digits before the decimal point";
        }
        if (value.scale() > MAX_FRACTION_DIGITS && fractionDigits(value) > MAX_FRACTION_DIGITS) {
            return "number out of range: at most " + MAX_FRACTION_DIGITS + " digits after the decimal point";
        }
        return null;
    }

    /** The same for a value read from a third party; throws with the reason. */
    public static BigDecimal require(String what, BigDecimal value) {
        String failure = check(value);
        if (failure != null) {
            throw new ContractViolation(what + ": " + failure);
        }
        return value;
    }

    /** Adds a failure ("/path: reason", as the schema validator writes them) for every number out of bounds. */
    static void collect(JsonNode node, String path, List<String> failures) {
        if (node.isNumber()) {
            String failure = check(decimal(node));
            if (failure != null) {
                failures.add(path + ": " + failure);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collect(field.getValue(), path + "/" + field.getKey(), failures);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, failures);
            }
        }
    }

    private static BigDecimal decimal(JsonNode number) {
        if (number.isBigInteger()) {
            BigInteger i = number.bigIntegerValue();
            return new BigDecimal(i);
        }
        return number.isIntegralNumber() ? BigDecimal.valueOf(number.longValue()) : number.decimalValue();
    }

    private static long fractionDigits(BigDecimal value) {
        // strips trailing zeros only for a scale above the bound: rare, and bounded by the digits the text held
        return value.stripTrailingZeros().scale();
    }
}
