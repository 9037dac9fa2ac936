package io.watchkeeper.notifier;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.notifier.alert.AlertConsumer;
import io.watchkeeper.testsupport.AuthzMatrix;
import io.watchkeeper.testsupport.ServiceSmokeTest;
import java.util.List;

@NotifierTest
class NotifierServiceSmokeTest extends ServiceSmokeTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Override
    protected AuthzMatrix.TenantFixture tenantFixture() {
        return new NotifierTenantFixture(kafka);
    }

    @Override
    protected List<String> consumedChannels() {
        return List.of(AlertConsumer.CHANNEL);
    }
}
