package io.watchkeeper.platform.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {

    private final Map<String, String> labels = Map.of("slug", "nightly-backup", "tenant", "acme");

    @Test
    void matches_like_prometheus() {
        assertThat(new LabelMatcher("slug", "=", "nightly-backup").matches(labels))
                .isTrue();
        assertThat(new LabelMatcher("slug", "!=", "nightly-backup").matches(labels))
                .isFalse();
        assertThat(new LabelMatcher("slug", "=~", "nightly-.*").matches(labels)).isTrue();
        assertThat(new LabelMatcher("slug", "=~", "nightly").matches(labels))
                .as("regexes are anchored")
                .isFalse();
        assertThat(new LabelMatcher("tenant", "!~", "ac.*").matches(labels)).isFalse();
        assertThat(new LabelMatcher("app", "=", "").matches(labels))
                .as("a missing label is empty")
                .isTrue();
    }

    @Test
    void a_list_survives_its_database_column() {
        LabelMatcher.ListConverter converter = new LabelMatcher.ListConverter();
        List<LabelMatcher> matchers =
                List.of(new LabelMatcher("slug", "=~", "a|b"), new LabelMatcher("tenant", "!=", ""));

        assertThat(converter.convertToEntityAttribute(converter.convertToDatabaseColumn(matchers)))
                .isEqualTo(matchers);
    }
}
