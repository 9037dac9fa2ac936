package io.watchkeeper.contracts.cloudevents;

import com.ethlo.time.ITU;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.watchkeeper.contracts.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 Kafka protocol binding. Writes binary content mode ({@code ce_*} headers, JSON data
 * as the value); reads binary mode and structured mode ({@code application/cloudevents+json}).
 * Every decoded event has been checked against the JSON Schema of its type. Thread-safe.
 */
public final class CloudEventCodec {

    public static final String SPEC_VERSION = "1.0";
    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_ID = "ce_id";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";
    public static final String STRUCTURED = "application/cloudevents+json";

    private static final CloudEventCodec INSTANCE = new CloudEventCodec();

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .addModule(new SimpleModule("rfc3339").addDeserializer(Instant.class, new Rfc3339InstantDeserializer()))
            .build();
    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);

    private CloudEventCodec() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (EventType type : EventType.values()) {
            try (InputStream in = CloudEventCodec.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("missing schema " + type.schemaResource());
                }
                schemas.put(type, factory.getSchema(in, config));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static CloudEventCodec instance() {
        return INSTANCE;
    }

    /** The mapper used for event data: RFC 3339 times, decimals as {@code BigDecimal}, unknown fields ignored. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The Kafka record value of an event in binary mode: its data as JSON. */
    public byte[] value(CloudEvent<?> event) {
        try {
            return mapper.writeValueAsBytes(event.data());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + event.type(), e);
        }
    }

    /** The Kafka record headers of an event in binary mode. */
    public Headers headers(CloudEvent<?> event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CE_SPECVERSION, bytes(SPEC_VERSION));
        headers.add(CE_ID, bytes(event.id()));
        headers.add(CE_SOURCE, bytes(event.source()));
        headers.add(CE_TYPE, bytes(event.type().ceType()));
        headers.add(CE_TIME, bytes(event.time().toString()));
        headers.add(CONTENT_TYPE, bytes(JSON));
        return headers;
    }

    /**
     * Reads a Kafka record as an event whose data must be {@code expected}.
     *
     * @throws ContractViolation with the reason when the record breaks the contract
     */
    public <T> CloudEvent<T> decode(Headers headers, byte[] value, Class<T> expected) {
        if (value == null || value.length == 0) {
            throw new ContractViolation("empty record value");
        }
        String contentType = header(headers, CONTENT_TYPE);
        boolean structured = (contentType != null && contentType.startsWith(STRUCTURED))
                || (header(headers, CE_TYPE) == null && looksStructured(value));
        return structured ? decodeStructured(value, expected) : decodeBinary(headers, value, expected);
    }

    /**
     * Validates {@code data} against the schema of {@code type} and every number in it against {@link NumberBounds};
     * the list of failures, empty when valid.
     */
    public List<String> validate(EventType type, JsonNode data) {
        List<String> failures = schemas.get(type).validate(data).stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toCollection(java.util.ArrayList::new));
        NumberBounds.collect(data, "", failures);
        failures.sort(null);
        return failures;
    }

    /** Validates and converts a JSON tree to the record of {@code type}. */
    public <T> T toData(EventType type, JsonNode data, Class<T> expected) {
        List<String> failures = validate(type, data);
        if (!failures.isEmpty()) {
            throw new ContractViolation(type.ceType() + " data invalid: " + String.join("; ", failures));
        }
        try {
            return mapper.treeToValue(data, expected);
        } catch (JsonProcessingException e) {
            throw new ContractViolation(type.ceType() + " data invalid: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ContractViolation(type.ceType() + " data invalid: " + e.getMessage(), e);
        }
    }

    private <T> CloudEvent<T> decodeBinary(Headers headers, byte[] value, Class<T> expected) {
        String specVersion = header(headers, CE_SPECVERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new ContractViolation("header ce_specversion must be 1.0, was " + specVersion);
        }
        return build(
                require(headers, CE_ID),
                require(headers, CE_SOURCE),
                require(headers, CE_TYPE),
                header(headers, CE_TIME),
                parse(value),
                expected);
    }

    private <T> CloudEvent<T> decodeStructured(byte[] value, Class<T> expected) {
        JsonNode envelope = parse(value);
        if (!envelope.isObject()) {
            throw new ContractViolation("structured CloudEvent must be a JSON object");
        }
        if (!SPEC_VERSION.equals(envelope.path("specversion").asText(null))) {
            throw new ContractViolation("attribute specversion must be 1.0");
        }
        JsonNode data = envelope.get("data");
        if (data == null || data.isNull()) {
            throw new ContractViolation("structured CloudEvent has no data");
        }
        return build(
                text(envelope, "id"),
                text(envelope, "source"),
                text(envelope, "type"),
                envelope.path("time").asText(null),
                data,
                expected);
    }

    private <T> CloudEvent<T> build(
            String id, String source, String ceType, String time, JsonNode data, Class<T> expected) {
        EventType type =
                EventType.ofCeType(ceType).orElseThrow(() -> new ContractViolation("unknown ce_type " + ceType));
        if (!type.dataClass().equals(expected)) {
            throw new ContractViolation("unexpected ce_type " + ceType + " on this topic");
        }
        return new CloudEvent<>(id, source, type, parseTime(time), toData(type, data, expected));
    }

    private JsonNode parse(byte[] value) {
        try {
            return mapper.readTree(value);
        } catch (JsonProcessingException e) {
            throw new ContractViolation("value is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant parseTime(String time) {
        if (time == null) {
            return Instant.now();
        }
        try {
            return ITU.parseDateTime(time).toInstant();
        } catch (DateTimeException e) {
            throw new ContractViolation("ce_time is not an RFC 3339 time: " + time);
        }
    }

    private static boolean looksStructured(byte[] value) {
        String start = new String(value, 0, Math.min(value.length, 512), StandardCharsets.UTF_8);
        return start.contains("\"specversion\"");
    }

    private static String text(JsonNode envelope, String attribute) {
        JsonNode node = envelope.get(attribute);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new ContractViolation("attribute " + attribute + " is missing");
        }
        return node.asText();
    }

    private static String require(Headers headers, String name) {
        String value = header(headers, name);
        if (value == null || value.isBlank()) {
            throw new ContractViolation("header " + name + " is missing");
        }
        return value;
    }

    private static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Event times as the schemas' {@code date-time} format defines them (RFC 3339), parsed by the parser the
     * schema validator itself uses: on the hot path it is several times cheaper than java.time's formatter.
     */
    private static final class Rfc3339InstantDeserializer extends StdScalarDeserializer<Instant> {

        Rfc3339InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            String text = parser.getText();
            try {
                return ITU.parseDateTime(text).toInstant();
            } catch (DateTimeException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an RFC 3339 time");
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
