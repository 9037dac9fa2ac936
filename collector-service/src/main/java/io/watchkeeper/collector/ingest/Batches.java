package io.watchkeeper.collector.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchkeeper.collector.CollectorConfig;
import io.watchkeeper.contracts.EventType;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.platform.problem.Problem;
import io.watchkeeper.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an ingest batch all-or-nothing: too big → 413, not a JSON array → 400, any invalid item → 400
 * naming every invalid item and field; only a wholly valid batch is returned.
 */
@ApplicationScoped
public class Batches {

    private final int maxItems;
    private final int maxBytes;

    public Batches(CollectorConfig config) {
        this.maxItems = config.ingest().maxItems();
        this.maxBytes = config.ingest().maxBytes();
    }

    public <T> List<T> read(String body, EventType type, Class<T> itemClass) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(400, "Bad Request", "the body must be a JSON array of items", null);
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new ProblemException(
                    413, "Content Too Large", "a batch may hold at most " + maxBytes + " bytes", null);
        }
        JsonNode array;
        try {
            array = CloudEventCodec.instance().mapper().readTree(body);
        } catch (IOException e) {
            throw new ProblemException(400, "Bad Request", "the body is not JSON", null);
        }
        if (!array.isArray()) {
            throw new ProblemException(400, "Bad Request", "the body must be a JSON array of items", null);
        }
        if (array.size() > maxItems) {
            throw new ProblemException(
                    413,
                    "Content Too Large",
                    "a batch may hold at most " + maxItems + " items, not " + array.size(),
                    null);
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            for (String failure : CloudEventCodec.instance().validate(type, array.get(i))) {
                errors.add(new Problem.FieldError("[" + i + "]" + field(failure), failure));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    400, "Bad Request", errors.size() + " invalid item field(s); nothing was accepted", errors);
        }
        List<T> items = new ArrayList<>();
        array.forEach(node -> items.add(CloudEventCodec.instance().toData(type, node, itemClass)));
        return items;
    }

    /**
     * The field a schema failure is about: "/calls: string found, integer expected" → ".calls";
     * ": required property 'app' not found" → ".app" (the validator writes JSON pointers, or "$." paths).
     */
    static String field(String failure) {
        int colon = failure.indexOf(':');
        String pointer = colon < 0 ? "" : failure.substring(0, colon).trim();
        String path = pointer.startsWith("$")
                ? pointer.substring(1)
                : pointer.startsWith("/") ? pointer.replace('/', '.') : "";
        path = path.replaceAll("\\.(\\d+)(?=\\.|$)", "[$1]");
        java.util.regex.Matcher required =
                java.util.regex.Pattern.compile("required property '([^']+)'").matcher(failure);
        return required.find() ? path + "." + required.group(1) : path;
    }
}
