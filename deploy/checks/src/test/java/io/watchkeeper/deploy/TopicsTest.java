package io.watchkeeper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchkeeper.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's KafkaTopics are exactly the contracts' topics and their dead-letter topics, compacted where the contract
 * says so; every topic a service names in its configuration is one of them.
 */
class TopicsTest {

    static final Pattern TOPIC_PROPERTY = Pattern.compile("(?m)^mp\\.messaging\\.[a-z]+\\.[a-z-]+\\.topic=(.+)$");
    static final Pattern COMPACTED_PROPERTY = Pattern.compile("(?m)^watchkeeper\\.kafka\\.compacted-topics=(.+)$");

    @Test
    void theChartDeclaresEveryTopicOfTheContractsAndItsDeadLetterTopicAndNoOther() {
        List<ObjectNode> topics = Manifests.ofKind(Chart.render(), "KafkaTopic");
        Set<String> expected = new TreeSet<>();
        Topics.ALL.forEach(t -> {
            expected.add(t);
            expected.add(Topics.deadLetter(t));
        });
        assertThat(topics)
                .extracting(t -> t.at("/spec/topicName").asText())
                .containsExactlyInAnyOrderElementsOf(expected);
        for (ObjectNode topic : topics) {
            String name = topic.at("/spec/topicName").asText();
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText())
                    .as(name)
                    .isEqualTo("watchkeeper");
            assertThat(topic.at("/spec/partitions").asInt()).as(name).isPositive();
            if (topic.at("/spec/config").has("retention.ms")) {
                // Helm prints a large number from values as 6.048e+08 unless told it is an integer
                assertThat(topic.at("/spec/config/retention.ms").isIntegralNumber())
                        .as(name + " retention.ms " + topic.at("/spec/config/retention.ms"))
                        .isTrue();
            }
            String policy = topic.at("/spec/config/cleanup.policy").asText("delete");
            assertThat(policy)
                    .as(name + " cleanup.policy")
                    .isEqualTo(Topics.COMPACTED.contains(name) ? "compact" : "delete");
        }
    }

    @Test
    void everyTopicAServiceUsesIsInTheContracts() throws IOException {
        List<String> unknown = new ArrayList<>();
        for (String service : Manifests.SERVICES) {
            String properties =
                    Files.readString(Manifests.ROOT.resolve(service + "/src/main/resources/application.properties"));
            Matcher m = TOPIC_PROPERTY.matcher(properties);
            while (m.find()) {
                String topic = m.group(1).trim();
                if (!Topics.ALL.contains(topic)) {
                    unknown.add(service + ": " + topic);
                }
            }
            Matcher c = COMPACTED_PROPERTY.matcher(properties);
            while (c.find()) {
                for (String topic : c.group(1).split(",")) {
                    assertThat(Topics.COMPACTED)
                            .as(service + " makes it compacted")
                            .contains(topic.trim());
                }
            }
        }
        assertThat(unknown).as("topics outside libs/contracts Topics").isEmpty();
    }
}
