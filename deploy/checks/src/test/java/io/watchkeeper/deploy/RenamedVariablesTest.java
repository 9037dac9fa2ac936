package io.watchkeeper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A renamed variable keeps working for a release: wherever a property reads {@code ${WK_NEW:${WK_OLD:default}}}, the
 * old name alone sets it, the new name wins over the old, and neither leaves the default.
 */
class RenamedVariablesTest {

    private static final Pattern RENAMED = Pattern.compile(
            "^([a-z%\"][^=]*)=\\$\\{(WK_[A-Z0-9_]+):\\$\\{(WK_[A-Z0-9_]+):([^}]*)}}$", Pattern.MULTILINE);

    @Test
    void old_names_still_set_what_the_new_names_set() throws IOException {
        int renamed = 0;
        for (String service : SettingsTest.KEYS.keySet()) {
            Path file = Manifests.ROOT.resolve(service + "/src/main/resources/application.properties");
            Matcher m = RENAMED.matcher(java.nio.file.Files.readString(file));
            while (m.find()) {
                String property = m.group(1);
                String now = m.group(2);
                String old = m.group(3);
                String fallback = m.group(4);
                assertThat(value(file, property, Map.of(old, "from-old")))
                        .as(service + " " + old)
                        .isEqualTo("from-old");
                assertThat(value(file, property, Map.of(old, "from-old", now, "from-new")))
                        .as(service + " " + now)
                        .isEqualTo("from-new");
                if (!fallback.isEmpty()) {
                    assertThat(value(file, property, Map.of()))
                            .as(service + " " + property)
                            .isEqualTo(fallback);
                }
                renamed++;
            }
        }
        assertThat(renamed).as("renamed variables found (collector, notifier)").isGreaterThanOrEqualTo(20);
    }

    private static String value(Path file, String property, Map<String, String> environment) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(file.toUri().toURL(), 250))
                .withSources(new PropertiesConfigSource(new HashMap<>(environment), "environment", 300))
                .build();
        return config.getValue(property, String.class);
    }
}
