package io.watchkeeper.evaluator;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.testsupport.AuthzMatrix;
import io.watchkeeper.testsupport.ServiceSmokeTest;
import java.util.List;

@EvaluatorTest
class EvaluatorServiceSmokeTest extends ServiceSmokeTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Override
    protected AuthzMatrix.TenantFixture tenantFixture() {
        return new EvaluatorTenantFixture(kafka);
    }

    @Override
    protected List<String> consumedChannels() {
        return List.of(
                io.watchkeeper.evaluator.metric.MetricConsumer.CHANNEL,
                io.watchkeeper.evaluator.quota.QuotaConsumer.CHANNEL,
                io.watchkeeper.evaluator.alert.ActionsTaken.CHANNEL);
    }
}
