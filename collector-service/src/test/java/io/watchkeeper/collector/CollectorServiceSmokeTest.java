package io.watchkeeper.collector;

import io.watchkeeper.collector.ingest.AlertAnswers;
import io.watchkeeper.collector.ingest.IngestConsumers;
import io.watchkeeper.testsupport.AuthzMatrix;
import io.watchkeeper.testsupport.ServiceSmokeTest;
import java.util.List;

@CollectorTest
class CollectorServiceSmokeTest extends ServiceSmokeTest {

    @Override
    protected AuthzMatrix.TenantFixture tenantFixture() {
        return new CollectorTenantFixture();
    }

    @Override
    protected List<String> consumedChannels() {
        return List.of(
                IngestConsumers.USAGE_IN,
                IngestConsumers.ENERGY_IN,
                IngestConsumers.HEARTBEAT_IN,
                AlertAnswers.ALERTS_IN);
    }
}
