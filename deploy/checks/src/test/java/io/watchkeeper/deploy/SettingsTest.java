package io.watchkeeper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every WK_* variable a service reads is settable from the chart: the chart sets it itself (Kafka, database, OIDC,
 * port, the gateway's service URLs), it is a key of the service's Secret, or services.&lt;name&gt;.config accepts it
 * (and values.schema.json knows exactly those, so a typo fails the install) and puts it in the service's ConfigMap.
 */
class SettingsTest {

    static final Pattern VARIABLE = Pattern.compile("\\$\\{(WK_[A-Z0-9_]+)");
    static final Set<String> SECRET = Set.of(
            "WK_DB_PASSWORD",
            "WK_ENCRYPTION_KEY",
            "WK_NOTIFIER_SMTP_PASSWORD",
            "WK_SMTP_PASSWORD",
            "WK_CONSOLE_CLIENT_SECRET");
    /** set by the Deployment itself: false in the service, true in its migrate init container */
    static final String MIGRATE = "WK_MIGRATE_AT_START";

    static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("api-gateway", "gateway");
        KEYS.put("collector-service", "collector");
        KEYS.put("evaluator-service", "evaluator");
        KEYS.put("notifier-service", "notifier");
        KEYS.put("quota-service", "quota");
        KEYS.put("iam-service", "iam");
    }

    @Test
    void everyVariableAServiceReadsIsSettableFromTheChart() throws IOException {
        List<ObjectNode> defaults = Chart.render();
        JsonNode shared =
                Manifests.get(defaults, "ConfigMap", "watchkeeper-config").get("data");
        JsonNode schema = Manifests.YAML.readTree(
                Manifests.CHART.resolve("values.schema.json").toFile());
        String notes = Files.readString(Manifests.CHART.resolve("templates/NOTES.txt"));
        for (var entry : KEYS.entrySet()) {
            String service = entry.getKey();
            String key = entry.getValue();
            JsonNode own =
                    Manifests.get(defaults, "ConfigMap", service + "-config").get("data");
            Set<String> configurable = new TreeSet<>();
            Map<String, Object> probes = new LinkedHashMap<>();
            for (String variable : variablesOf(service)) {
                if (variable.equals(MIGRATE) || shared.has(variable) || own.has(variable)) {
                    continue; // the chart sets it
                }
                if (SECRET.contains(variable)) {
                    assertThat(notes)
                            .as("NOTES.txt tells how to set the secret " + variable)
                            .contains(variable);
                    continue;
                }
                configurable.add(variable);
                probes.put("services." + key + ".config." + variable, "probe-" + variable);
            }
            Set<String> accepted = new TreeSet<>();
            Iterator<String> names = schema.at(
                            "/properties/services/properties/" + key + "/properties/config/properties")
                    .fieldNames();
            names.forEachRemaining(accepted::add);
            assertThat(accepted)
                    .as(service + ": the schema accepts exactly its settings")
                    .isEqualTo(configurable);

            JsonNode set = Manifests.get(Chart.render(probes), "ConfigMap", service + "-config")
                    .get("data");
            for (String variable : configurable) {
                assertThat(set.path(variable).asText())
                        .as(service + " " + variable)
                        .isEqualTo("probe-" + variable);
            }
        }
    }

    /** The WK_* variables of the service's application.properties and of libs/platform's shared defaults. */
    static Set<String> variablesOf(String service) throws IOException {
        Set<String> out = new TreeSet<>();
        for (var file : List.of(
                Manifests.ROOT.resolve(service + "/src/main/resources/application.properties"),
                Manifests.ROOT.resolve("libs/platform/src/main/resources/META-INF/microprofile-config.properties"))) {
            Matcher m = VARIABLE.matcher(Files.readString(file));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
